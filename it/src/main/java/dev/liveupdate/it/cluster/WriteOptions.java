package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The query parameters of a write, checked as the API server checks them: {@code fieldManager}
 * (required for apply, else the User-Agent's product name), {@code force} (apply only) and
 * {@code dryRun} ({@code All}: everything but the write).
 *
 * @param manager the field manager the write is recorded under
 * @param force whether an apply takes over conflicting fields
 * @param dryRun whether nothing is stored
 */
record WriteOptions(String manager, boolean force, boolean dryRun) {
  private static final int MAX_MANAGER = 128;

  static WriteOptions of(ApiRequest request, boolean apply) {
    String fieldManager = request.param("fieldManager");
    String dryRun = request.param("dryRun");
    if (dryRun != null && !dryRun.isEmpty() && !dryRun.equals("All")) {
      String kind = switch (request.method) {
        case "POST" -> "CreateOptions";
        case "PUT" -> "UpdateOptions";
        default -> "PatchOptions";
      };
      throw invalid(kind, "dryRun: Unsupported value: \"" + dryRun + "\": supported values: \"All\"");
    }
    if (!apply && request.param("force") != null) {
      throw invalid("PatchOptions", "force: Forbidden: may not be specified for non-apply patch");
    }
    if (apply && (fieldManager == null || fieldManager.isEmpty())) {
      throw invalid("PatchOptions", "fieldManager: Required value: is required for apply patch");
    }
    if (fieldManager != null && fieldManager.length() > MAX_MANAGER) {
      throw invalid("PatchOptions", "fieldManager: Too long: may not be more than 128 bytes");
    }
    String manager = fieldManager == null || fieldManager.isEmpty()
        ? fromUserAgent(request.header(HttpHeader.USER_AGENT)) : fieldManager;
    return new WriteOptions(manager, apply && request.flag("force"), "All".equals(dryRun));
  }

  /** The API server's default manager: the User-Agent up to its first '/', printable characters only. */
  static String fromUserAgent(String userAgent) {
    String product = userAgent == null ? "" : userAgent.split("/", 2)[0];
    StringBuilder manager = new StringBuilder();
    product.codePoints().filter(c -> !Character.isISOControl(c))
        .forEach(c -> {
          if (manager.length() + Character.charCount(c) <= MAX_MANAGER) {
            manager.appendCodePoint(c);
          }
        });
    return manager.toString();
  }

  private static KubeApiException invalid(String kind, String detail) {
    ObjectNode details = Json.object().put("group", "meta.k8s.io").put("kind", kind);
    details.putArray("causes").addObject().put("reason", "FieldValueInvalid").put("message", detail)
        .put("field", detail.substring(0, detail.indexOf(':')));
    return new KubeApiException(422, "Invalid", kind + ".meta.k8s.io \"\" is invalid: " + detail, details);
  }

}
