package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Deployment and ReplicaSet controllers in one loop: a Deployment's template hash names its
 * current ReplicaSet, which gets {@code spec.replicas} pods at once; older ReplicaSets lose their
 * pods once the new ones are all Ready (a surge rollout, like maxUnavailable 0: a new pod that
 * never gets Ready leaves the old ones running). Statuses of both count only Ready pods (readiness
 * probes passed) as ready and available, so {@code kubectl rollout status} and the plugin wait
 * for readiness as on a cluster.
 */
final class DeploymentController implements AutoCloseable {
  static final String REVISION = "deployment.kubernetes.io/revision";

  private final ObjectStore store;
  private final PodRuntime runtime;
  private final BlockingQueue<String> dirty = new LinkedBlockingQueue<>();
  private final Thread loop;
  private volatile boolean running = true;

  DeploymentController(ObjectStore store, PodRuntime runtime) {
    this.store = store;
    this.runtime = runtime;
    store.addListener(this::onEvent);
    loop = new Thread(this::run, "double-deployment-controller");
    loop.setDaemon(true);
    loop.start();
  }

  private void onEvent(WatchEvent event) {
    JsonNode metadata = event.object().path("metadata");
    String namespace = metadata.path("namespace").asText();
    if (event.kind() == ResourceKind.DEPLOYMENTS) {
      enqueue(namespace, metadata.path("name").asText());
    } else if (event.kind() == ResourceKind.PODS || event.kind() == ResourceKind.REPLICASETS) {
      for (JsonNode owner : metadata.path("ownerReferences")) {
        String ownerKind = owner.path("kind").asText();
        if (ownerKind.equals("ReplicaSet") || ownerKind.equals("Deployment")) {
          // a ReplicaSet is named <deployment>-<hash>
          String ownerName = owner.path("name").asText();
          enqueue(namespace, ownerKind.equals("Deployment") ? ownerName : ownerName.replaceFirst("-[^-]+$", ""));
        }
      }
    }
  }

  private void enqueue(String namespace, String deployment) {
    String key = namespace + "/" + deployment;
    if (!dirty.contains(key)) {
      dirty.add(key);
    }
  }

  private void run() {
    while (running) {
      try {
        String key = dirty.poll(200, TimeUnit.MILLISECONDS);
        if (key != null) {
          int slash = key.indexOf('/');
          reconcile(key.substring(0, slash), key.substring(slash + 1));
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        System.err.println("[double] deployment controller: " + e);
      }
    }
  }

  private void reconcile(String namespace, String name) {
    List<ObjectNode> replicaSets = store.list(ResourceKind.REPLICASETS, namespace, rs -> ownedByName(rs, "Deployment", name));
    ObjectNode deployment = store.find(ResourceKind.DEPLOYMENTS, namespace, name).orElse(null);
    String depUid = deployment == null ? "" : Json.text(deployment, "metadata", "uid");
    // ReplicaSets of a deleted Deployment, or of an earlier one of the same name, go with their pods
    for (ObjectNode rs : List.copyOf(replicaSets)) {
      if (!depUid.equals(rs.path("metadata").path("ownerReferences").path(0).path("uid").asText())) {
        livePods(namespace, rs).forEach(p -> runtime.delete(namespace, Json.text(p, "metadata", "name")));
        store.delete(ResourceKind.REPLICASETS, namespace, Json.text(rs, "metadata", "name"));
        replicaSets.remove(rs);
      }
    }
    if (deployment == null) {
      return;
    }
    int replicas = deployment.path("spec").path("replicas").asInt(1);
    String hash = PodTemplates.templateHash(deployment.path("spec").path("template"));
    String currentName = name + "-" + hash;
    ObjectNode current = replicaSets.stream()
        .filter(rs -> currentName.equals(Json.text(rs, "metadata", "name"))).findFirst()
        .orElseGet(() -> createReplicaSet(deployment, replicaSets, hash));
    replicaSets.removeIf(rs -> currentName.equals(Json.text(rs, "metadata", "name")));

    List<ObjectNode> newPods = livePods(namespace, current);
    for (int i = newPods.size(); i < replicas; i++) {
      newPods.add(createPod(current));
    }
    if (newPods.size() > replicas) {
      newPods.sort(Comparator.comparing(DeploymentController::isReady)
          .thenComparing(p -> Json.text(p, "metadata", "creationTimestamp"), Comparator.reverseOrder()));
      for (ObjectNode extra : newPods.subList(0, newPods.size() - replicas)) {
        runtime.delete(namespace, Json.text(extra, "metadata", "name"));
      }
      newPods.subList(0, newPods.size() - replicas).clear();
    }
    long readyNew = newPods.stream().filter(DeploymentController::isReady).count();
    // the old pods go once every new one is Ready: until then they keep serving
    int oldCount = 0;
    int oldReady = 0;
    for (ObjectNode old : replicaSets) {
      List<ObjectNode> oldPods = livePods(namespace, old);
      if (readyNew >= replicas) {
        oldPods.forEach(p -> runtime.delete(namespace, Json.text(p, "metadata", "name")));
        setReplicaSetStatus(old, 0, List.of());
      } else {
        oldCount += oldPods.size();
        oldReady += (int) oldPods.stream().filter(DeploymentController::isReady).count();
        setReplicaSetStatus(old, oldPods.size(), oldPods);
      }
    }
    setReplicaSetStatus(current, replicas, newPods);
    int updated = newPods.size();
    int total = updated + oldCount;
    int ready = (int) readyNew + oldReady;
    String revision = current.path("metadata").path("annotations").path(REVISION).asText("1");
    store.update(ResourceKind.DEPLOYMENTS, namespace, name,
        d -> DeploymentStatuses.apply(d, total, updated, ready, currentName, revision));
  }

  private ObjectNode createReplicaSet(ObjectNode deployment, List<ObjectNode> existing, String hash) {
    ObjectNode template = deployment.path("spec").path("template").deepCopy();
    Json.obj(Json.obj(template, "metadata"), "labels").put("pod-template-hash", hash);
    int revision = existing.stream()
        .mapToInt(rs -> rs.path("metadata").path("annotations").path(REVISION).asInt(0)).max().orElse(0) + 1;
    ObjectNode rs = Json.object();
    ObjectNode metadata = rs.putObject("metadata");
    metadata.put("name", Json.text(deployment, "metadata", "name") + "-" + hash);
    metadata.put("namespace", Json.text(deployment, "metadata", "namespace"));
    metadata.set("labels", template.path("metadata").path("labels").deepCopy());
    ObjectNode annotations = metadata.putObject("annotations");
    annotations.put("deployment.kubernetes.io/desired-replicas", deployment.path("spec").path("replicas").asText("1"));
    annotations.put(REVISION, Integer.toString(revision));
    metadata.putArray("ownerReferences").add(ownerReference(deployment));
    ObjectNode spec = rs.putObject("spec");
    spec.put("replicas", deployment.path("spec").path("replicas").asInt(1));
    ObjectNode selector = deployment.path("spec").path("selector").deepCopy();
    Json.obj(selector, "matchLabels").put("pod-template-hash", hash);
    spec.set("selector", selector);
    spec.set("template", template);
    rs.putObject("status").put("replicas", 0);
    ObjectNode created = store.create(ResourceKind.REPLICASETS, rs);
    String name = Json.text(deployment, "metadata", "name");
    store.update(ResourceKind.DEPLOYMENTS, Json.text(deployment, "metadata", "namespace"), name,
        d -> Json.obj(Json.obj(d, "metadata"), "annotations").put(REVISION, Integer.toString(revision)));
    return created;
  }

  private ObjectNode createPod(ObjectNode rs) {
    ObjectNode template = rs.path("spec").path("template").deepCopy();
    ObjectNode pod = Json.object();
    ObjectNode metadata = pod.putObject("metadata");
    String rsName = Json.text(rs, "metadata", "name");
    metadata.put("name", rsName + "-" + PodTemplates.randomSuffix(5));
    metadata.put("generateName", rsName + "-");
    metadata.put("namespace", Json.text(rs, "metadata", "namespace"));
    metadata.set("labels", template.path("metadata").path("labels").deepCopy());
    if (template.path("metadata").has("annotations")) {
      metadata.set("annotations", template.path("metadata").path("annotations").deepCopy());
    }
    metadata.putArray("ownerReferences").add(ownerReference(rs));
    ObjectNode spec = (ObjectNode) template.path("spec");
    PodTemplates.defaultPodSpec(spec);
    spec.put("nodeName", PodTemplates.NODE_NAME);
    pod.set("spec", spec);
    pod.set("status", PodTemplates.pendingStatus(spec));
    ObjectNode created = store.create(ResourceKind.PODS, pod);
    runtime.start(created);
    return created;
  }

  private void setReplicaSetStatus(ObjectNode rs, int desired, List<ObjectNode> pods) {
    int ready = (int) pods.stream().filter(DeploymentController::isReady).count();
    store.update(ResourceKind.REPLICASETS, Json.text(rs, "metadata", "namespace"), Json.text(rs, "metadata", "name"), r -> {
      Json.obj(r, "spec").put("replicas", desired);
      ObjectNode status = r.putObject("status");
      status.put("replicas", pods.size());
      status.put("fullyLabeledReplicas", pods.size());
      if (ready > 0) {
        status.put("readyReplicas", ready);
        status.put("availableReplicas", ready);
      }
      status.put("observedGeneration", r.path("metadata").path("generation").asLong(1));
    });
  }

  private List<ObjectNode> livePods(String namespace, ObjectNode rs) {
    String uid = Json.text(rs, "metadata", "uid");
    return store.list(ResourceKind.PODS, namespace, pod -> !pod.path("metadata").has("deletionTimestamp")
        && uid.equals(pod.path("metadata").path("ownerReferences").path(0).path("uid").asText()));
  }

  static boolean isReady(JsonNode pod) {
    for (JsonNode condition : pod.path("status").path("conditions")) {
      if ("Ready".equals(condition.path("type").asText())) {
        return "True".equals(condition.path("status").asText());
      }
    }
    return false;
  }

  private static boolean ownedByName(JsonNode object, String kind, String name) {
    JsonNode owner = object.path("metadata").path("ownerReferences").path(0);
    return kind.equals(owner.path("kind").asText()) && name.equals(owner.path("name").asText());
  }

  private static ObjectNode ownerReference(ObjectNode owner) {
    ObjectNode ref = Json.object();
    ref.put("apiVersion", owner.path("apiVersion").asText());
    ref.put("kind", owner.path("kind").asText());
    ref.put("name", Json.text(owner, "metadata", "name"));
    ref.put("uid", Json.text(owner, "metadata", "uid"));
    ref.put("controller", true);
    ref.put("blockOwnerDeletion", true);
    return ref;
  }

  @Override
  public void close() {
    running = false;
    loop.interrupt();
    try {
      loop.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
