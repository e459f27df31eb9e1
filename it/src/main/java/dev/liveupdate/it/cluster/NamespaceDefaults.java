package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What a new cluster and a new namespace hold before anyone writes: the namespaces
 * {@code default}, {@code kube-system}, {@code kube-public} and {@code kube-node-lease}; in every
 * namespace the {@code default} ServiceAccount (the service account controller's) and the
 * {@code kube-root-ca.crt} ConfigMap with the double's CA certificate (the root CA publisher's);
 * in {@code default} the {@code kubernetes} Service ({@value ServiceAddresses#KUBERNETES_IP}, port 443).
 * The controllers make them asynchronously on a cluster; the double makes them with the namespace.
 */
final class NamespaceDefaults {
  static final List<String> INITIAL = List.of("default", "kube-system", "kube-public", "kube-node-lease");

  private final ObjectStore store;
  private final ServiceAddresses addresses;
  private final String caPem;

  NamespaceDefaults(ObjectStore store, ServiceAddresses addresses, String caPem) {
    this.store = store;
    this.addresses = addresses;
    this.caPem = caPem;
  }

  void createInitialNamespaces() {
    for (String name : INITIAL) {
      ObjectNode namespace = Json.object();
      namespace.putObject("metadata").put("name", name);
      Admission.admitCreate(ResourceKind.NAMESPACES, namespace);
      store.create(ResourceKind.NAMESPACES, namespace);
      populate(name);
    }
    ObjectNode kubernetes = object("kubernetes", "default");
    ObjectNode labels = Json.obj(Json.obj(kubernetes, "metadata"), "labels");
    labels.put("component", "apiserver").put("provider", "kubernetes");
    ObjectNode spec = kubernetes.putObject("spec");
    spec.put("clusterIP", ServiceAddresses.KUBERNETES_IP);
    spec.putArray("ports").addObject().put("name", "https").put("port", 443).put("protocol", "TCP")
        .put("targetPort", 6443);
    Admission.admitCreate(ResourceKind.SERVICES, kubernetes);
    addresses.allocate(kubernetes);
    store.create(ResourceKind.SERVICES, kubernetes);
  }

  /** The default ServiceAccount and kube-root-ca.crt ConfigMap of a namespace just created. */
  void populate(String namespace) {
    ObjectNode account = object("default", namespace);
    Admission.admitCreate(ResourceKind.SERVICEACCOUNTS, account);
    store.create(ResourceKind.SERVICEACCOUNTS, account);
    ObjectNode ca = object("kube-root-ca.crt", namespace);
    Json.obj(Json.obj(ca, "metadata"), "annotations").put("kubernetes.io/description", "Contains a CA bundle that can"
        + " be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or"
        + " kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.");
    ca.putObject("data").put("ca.crt", caPem);
    Admission.admitCreate(ResourceKind.CONFIGMAPS, ca);
    store.create(ResourceKind.CONFIGMAPS, ca);
  }

  private static ObjectNode object(String name, String namespace) {
    ObjectNode object = Json.object();
    object.putObject("metadata").put("name", name).put("namespace", namespace);
    return object;
  }
}
