package dev.liveupdate.it.cluster;

import java.util.Arrays;
import java.util.List;

/**
 * A request path under {@code /api/v1} or {@code /apis/apps/v1}, split into what it addresses:
 * a kind, an optional namespace, an optional name and an optional subresource.
 */
record ApiPath(ResourceKind kind, String namespace, String name, String subresource) {

  /** Parses a resource path; null if the path is not one (discovery, openapi, unknown). */
  static ApiPath parse(String path) {
    List<String> segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    String group;
    List<String> rest;
    if (segments.size() > 2 && segments.get(0).equals("api") && segments.get(1).equals("v1")) {
      group = "";
      rest = segments.subList(2, segments.size());
    } else if (segments.size() > 3 && segments.get(0).equals("apis") && segments.get(2).equals("v1")) {
      group = segments.get(1);
      rest = segments.subList(3, segments.size());
    } else {
      return null;
    }
    if (rest.get(0).equals("namespaces") && rest.size() >= 3) {
      if (rest.size() == 3 && isNamespaceSubresource(rest.get(2))) {
        return group.isEmpty() ? new ApiPath(ResourceKind.NAMESPACES, null, rest.get(1), rest.get(2)) : null;
      }
      ResourceKind kind = ResourceKind.byPlural(group, rest.get(2));
      if (kind == null || !kind.namespaced() || rest.size() > 5) {
        return null;
      }
      return new ApiPath(kind, rest.get(1), rest.size() > 3 ? rest.get(3) : null, rest.size() > 4 ? rest.get(4) : null);
    }
    ResourceKind kind = ResourceKind.byPlural(group, rest.get(0));
    if (kind == null || rest.size() > 3) {
      return null;
    }
    if (kind.namespaced() && rest.size() > 1) {
      return null; // /api/v1/pods/x is not a path; pods live in namespaces
    }
    return new ApiPath(kind, null, rest.size() > 1 ? rest.get(1) : null, rest.size() > 2 ? rest.get(2) : null);
  }

  private static boolean isNamespaceSubresource(String segment) {
    return segment.equals("status") || segment.equals("finalize");
  }

  boolean isCollection() {
    return name == null;
  }
}
