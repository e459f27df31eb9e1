package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes a Deployment's status the way the Deployment controller does (zero counts omitted). */
final class DeploymentStatuses {
  private DeploymentStatuses() {}

  static void apply(ObjectNode deployment, int total, int updated, int ready, String replicaSet, String revision) {
    int desired = deployment.path("spec").path("replicas").asInt(1);
    JsonNode previous = deployment.path("status");
    ObjectNode status = Json.object();
    status.put("observedGeneration", deployment.path("metadata").path("generation").asLong(1));
    putIfPositive(status, "replicas", total);
    putIfPositive(status, "updatedReplicas", updated);
    putIfPositive(status, "readyReplicas", ready);
    putIfPositive(status, "availableReplicas", ready);
    putIfPositive(status, "unavailableReplicas", total - ready > 0 ? total - ready : desired - ready);
    int maxUnavailable = desired / 4;
    boolean available = ready >= desired - maxUnavailable;
    boolean complete = updated == desired && total == desired && ready == desired;
    ArrayNode conditions = status.putArray("conditions");
    condition(conditions, previous, "Available", available,
        available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
        available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.");
    condition(conditions, previous, "Progressing", true,
        complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
        "ReplicaSet \"" + replicaSet + "\" " + (complete ? "has successfully progressed." : "is progressing."));
    deployment.set("status", status);
    Json.obj(Json.obj(deployment, "metadata"), "annotations").put(DeploymentController.REVISION, revision);
  }

  private static void putIfPositive(ObjectNode status, String field, int value) {
    if (value > 0) {
      status.put(field, value);
    }
  }

  private static void condition(
      ArrayNode conditions, JsonNode previous, String type, boolean value, String reason, String message) {
    String status = value ? "True" : "False";
    String transition = Json.now();
    String update = transition;
    for (JsonNode old : previous.path("conditions")) {
      if (type.equals(old.path("type").asText()) && status.equals(old.path("status").asText())) {
        transition = old.path("lastTransitionTime").asText(transition);
        if (reason.equals(old.path("reason").asText()) && message.equals(old.path("message").asText())) {
          update = old.path("lastUpdateTime").asText(update);
        }
      }
    }
    ObjectNode condition = conditions.addObject();
    condition.put("type", type);
    condition.put("status", status);
    condition.put("lastUpdateTime", update);
    condition.put("lastTransitionTime", transition);
    condition.put("reason", reason);
    condition.put("message", message);
  }
}
