package dev.liveupdate.it.cluster;

/** The resource types the double serves, with the names discovery and errors use. */
enum ResourceKind {
  NAMESPACES("", "v1", "namespaces", "Namespace", false, "ns"),
  PODS("", "v1", "pods", "Pod", true, "po"),
  DEPLOYMENTS("apps", "v1", "deployments", "Deployment", true, "deploy"),
  REPLICASETS("apps", "v1", "replicasets", "ReplicaSet", true, "rs");

  private final String group;
  private final String version;
  private final String plural;
  private final String kind;
  private final boolean namespaced;
  private final String shortName;

  ResourceKind(
      String group, String version, String plural, String kind, boolean namespaced, String shortName) {
    this.group = group;
    this.version = version;
    this.plural = plural;
    this.kind = kind;
    this.namespaced = namespaced;
    this.shortName = shortName;
  }

  String group() {
    return group;
  }

  String version() {
    return version;
  }

  String plural() {
    return plural;
  }

  String kind() {
    return kind;
  }

  boolean namespaced() {
    return namespaced;
  }

  String shortName() {
    return shortName;
  }

  String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** {@code pods} or {@code deployments.apps}, as in "deployments.apps \"x\" not found". */
  String qualifiedPlural() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  static ResourceKind byPlural(String group, String plural) {
    for (ResourceKind kind : values()) {
      if (kind.group.equals(group) && kind.plural.equals(plural)) {
        return kind;
      }
    }
    return null;
  }
}
