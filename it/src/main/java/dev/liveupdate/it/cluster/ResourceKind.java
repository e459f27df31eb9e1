package dev.liveupdate.it.cluster;

/** The resource types the double serves, with the names discovery and errors use. */
enum ResourceKind {
  NAMESPACES("", "v1", "namespaces", "Namespace", false, "ns", true),
  PODS("", "v1", "pods", "Pod", true, "po", true),
  SERVICES("", "v1", "services", "Service", true, "svc", true),
  CONFIGMAPS("", "v1", "configmaps", "ConfigMap", true, "cm", false),
  SECRETS("", "v1", "secrets", "Secret", true, null, false),
  SERVICEACCOUNTS("", "v1", "serviceaccounts", "ServiceAccount", true, "sa", false),
  DEPLOYMENTS("apps", "v1", "deployments", "Deployment", true, "deploy", true),
  REPLICASETS("apps", "v1", "replicasets", "ReplicaSet", true, "rs", true);

  private final String group;
  private final String version;
  private final String plural;
  private final String kind;
  private final boolean namespaced;
  private final String shortName;
  private final boolean hasStatus;

  ResourceKind(String group, String version, String plural, String kind, boolean namespaced, String shortName,
      boolean hasStatus) {
    this.group = group;
    this.version = version;
    this.plural = plural;
    this.kind = kind;
    this.namespaced = namespaced;
    this.shortName = shortName;
    this.hasStatus = hasStatus;
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

  /** The short name kubectl accepts ({@code svc}), null if the kind has none (secrets). */
  String shortName() {
    return shortName;
  }

  /**
   * Whether the kind has a status subresource: then a write to the main resource never changes
   * {@code status} and no field manager owns it, as on the API server.
   */
  boolean hasStatus() {
    return hasStatus;
  }

  /**
   * Whether DELETE answers with the object rather than a Status, as the API server's registry does
   * for pods, services and service accounts (client-java's typed delete methods expect it).
   */
  boolean deleteReturnsObject() {
    return this == PODS || this == SERVICES || this == SERVICEACCOUNTS;
  }

  String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** {@code pods} or {@code deployments.apps}, as in "deployments.apps \"x\" not found". */
  String qualifiedPlural() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  /** {@code Pod} or {@code Deployment.apps}, as in "Deployment.apps \"x\" is invalid". */
  String qualifiedKind() {
    return group.isEmpty() ? kind : kind + "." + group;
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
