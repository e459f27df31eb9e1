package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Discovery documents (legacy, non-aggregated: clients fall back to them) and a minimal OpenAPI v3
 * that tells kubectl the PATCH endpoints support {@code fieldValidation}, so it validates on the
 * server and needs no schema download.
 */
final class Discovery {
  static final String MAJOR = "1";
  static final String MINOR = "32";

  private static final List<String> RW_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  private Discovery() {}

  static ObjectNode version() {
    ObjectNode version = Json.object();
    version.put("major", MAJOR);
    version.put("minor", MINOR);
    version.put("gitVersion", "v" + MAJOR + "." + MINOR + ".0-liveupdate-double");
    version.put("gitCommit", "0000000000000000000000000000000000000000");
    version.put("gitTreeState", "clean");
    version.put("buildDate", "2026-01-01T00:00:00Z");
    version.put("goVersion", "go1.23.0");
    version.put("compiler", "gc");
    version.put("platform", "linux/amd64");
    return version;
  }

  static ObjectNode apiVersions(String serverAddress) {
    ObjectNode api = Json.object();
    api.put("kind", "APIVersions");
    api.putArray("versions").add("v1");
    ObjectNode cidr = api.putArray("serverAddressByClientCIDRs").addObject();
    cidr.put("clientCIDR", "0.0.0.0/0");
    cidr.put("serverAddress", serverAddress);
    return api;
  }

  static ObjectNode groupList() {
    ObjectNode list = Json.object();
    list.put("kind", "APIGroupList");
    list.put("apiVersion", "v1");
    list.putArray("groups").add(appsGroup(false));
    return list;
  }

  static ObjectNode appsGroup(boolean withKind) {
    ObjectNode group = Json.object();
    if (withKind) {
      group.put("kind", "APIGroup");
      group.put("apiVersion", "v1");
    }
    group.put("name", "apps");
    ObjectNode version = Json.object().put("groupVersion", "apps/v1").put("version", "v1");
    group.putArray("versions").add(version);
    group.set("preferredVersion", version.deepCopy());
    return group;
  }

  static ObjectNode coreResources() {
    ObjectNode list = resourceList("v1");
    ArrayNode resources = list.withArray("resources");
    resources.add(resource(ResourceKind.NAMESPACES, List.of("create", "delete", "get", "list", "patch", "update", "watch")));
    resources.add(resource(ResourceKind.PODS, RW_VERBS).set("categories", Json.array().add("all")));
    resources.add(subresource("pods/exec", "PodExecOptions", List.of("create", "get")));
    resources.add(subresource("pods/log", "Pod", List.of("get")));
    resources.add(subresource("pods/portforward", "PodPortForwardOptions", List.of("create", "get")));
    resources.add(subresource("pods/status", "Pod", List.of("get", "patch", "update")));
    resources.add(resource(ResourceKind.SERVICES, RW_VERBS).set("categories", Json.array().add("all")));
    resources.add(subresource("services/status", "Service", List.of("get", "patch", "update")));
    resources.add(resource(ResourceKind.CONFIGMAPS, RW_VERBS));
    resources.add(resource(ResourceKind.SECRETS, RW_VERBS));
    resources.add(resource(ResourceKind.SERVICEACCOUNTS, RW_VERBS));
    return list;
  }

  static ObjectNode appsResources() {
    ObjectNode list = resourceList("apps/v1");
    ArrayNode resources = list.withArray("resources");
    resources.add(resource(ResourceKind.DEPLOYMENTS, RW_VERBS).set("categories", Json.array().add("all")));
    ObjectNode scale = subresource("deployments/scale", "Scale", List.of("get", "patch", "update"));
    scale.put("group", "autoscaling");
    scale.put("version", "v1");
    resources.add(scale);
    resources.add(subresource("deployments/status", "Deployment", List.of("get", "patch", "update")));
    resources.add(resource(ResourceKind.REPLICASETS, List.of("get", "list", "watch")).set("categories", Json.array().add("all")));
    return list;
  }

  /** {@code /openapi/v3}: where each group-version's document is. */
  static ObjectNode openApiV3Root() {
    ObjectNode root = Json.object();
    ObjectNode paths = root.putObject("paths");
    paths.putObject("api/v1").put("serverRelativeURL", "/openapi/v3/api/v1?hash=LIVEUPDATEDOUBLE1");
    paths.putObject("apis/apps/v1").put("serverRelativeURL", "/openapi/v3/apis/apps/v1?hash=LIVEUPDATEDOUBLE1");
    return root;
  }

  /** A group-version's OpenAPI v3 document, reduced to the PATCH operations and their parameters. */
  static ObjectNode openApiV3(String groupVersion) {
    ObjectNode doc = Json.object();
    doc.put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", "v" + MAJOR + "." + MINOR + ".0");
    ObjectNode paths = doc.putObject("paths");
    for (ResourceKind kind : ResourceKind.values()) {
      if (!kind.apiVersion().equals(groupVersion)) {
        continue;
      }
      String prefix = kind.group().isEmpty() ? "/api/v1/" : "/apis/" + kind.apiVersion() + "/";
      String path = prefix + (kind.namespaced() ? "namespaces/{namespace}/" : "") + kind.plural() + "/{name}";
      ObjectNode patch = paths.putObject(path).putObject("patch");
      patch.put("operationId", "patch" + kind.kind());
      ObjectNode gvk = patch.putObject("x-kubernetes-group-version-kind");
      gvk.put("group", kind.group()).put("version", kind.version()).put("kind", kind.kind());
      ArrayNode parameters = patch.putArray("parameters");
      for (String name : List.of("dryRun", "fieldManager", "fieldValidation", "force")) {
        ObjectNode parameter = parameters.addObject();
        parameter.put("name", name).put("in", "query");
        parameter.putObject("schema").put("type", name.equals("force") ? "boolean" : "string");
      }
    }
    doc.putObject("components").putObject("schemas");
    return doc;
  }

  private static ObjectNode resourceList(String groupVersion) {
    ObjectNode list = Json.object();
    list.put("kind", "APIResourceList");
    list.put("apiVersion", "v1");
    list.put("groupVersion", groupVersion);
    list.putArray("resources");
    return list;
  }

  private static ObjectNode resource(ResourceKind kind, List<String> verbs) {
    ObjectNode resource = Json.object();
    resource.put("name", kind.plural());
    resource.put("singularName", kind.kind().toLowerCase(java.util.Locale.ROOT));
    resource.put("namespaced", kind.namespaced());
    resource.put("kind", kind.kind());
    ArrayNode verbList = resource.putArray("verbs");
    verbs.forEach(verbList::add);
    if (kind.shortName() != null) {
      resource.putArray("shortNames").add(kind.shortName());
    }
    return resource;
  }

  private static ObjectNode subresource(String name, String kind, List<String> verbs) {
    ObjectNode resource = Json.object();
    resource.put("name", name);
    resource.put("singularName", "");
    resource.put("namespaced", true);
    resource.put("kind", kind);
    ArrayNode verbList = resource.putArray("verbs");
    verbs.forEach(verbList::add);
    return resource;
  }
}
