package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code metadata.managedFields}: who owns which fields, kept as the API server's field manager
 * keeps it (structured-merge-diff's {@code Updater}). A create, update or patch gives its manager
 * (operation {@code Update}) the fields it added or changed and takes them from the others; a
 * server-side apply (operation {@code Apply}) merges the configuration in, removes the fields its
 * manager applied last time and no longer does (unless another applier owns them), and is refused
 * with a 409 when it changes a field another manager owns, unless forced, which takes the field
 * over.
 */
final class ManagedFields {
  static final String APPLY = "Apply";
  static final String UPDATE = "Update";

  /** One entry of managedFields: a manager, how it wrote, and the fields it owns. */
  static final class Entry {
    final String manager;
    final String operation;
    final String subresource;
    String apiVersion;
    String time;
    FieldSet fields;

    Entry(String manager, String operation, String subresource, String apiVersion, String time, FieldSet fields) {
      this.manager = manager;
      this.operation = operation;
      this.subresource = subresource == null ? "" : subresource;
      this.apiVersion = apiVersion;
      this.time = time;
      this.fields = fields;
    }

    /** The API server's manager identity: appliers are one manager whatever version they applied. */
    boolean is(String otherManager, String otherOperation, String otherSubresource, String otherVersion) {
      return manager.equals(otherManager) && operation.equals(otherOperation)
          && subresource.equals(otherSubresource == null ? "" : otherSubresource)
          && (operation.equals(APPLY) || apiVersion.equals(otherVersion));
    }

    /** As conflicts name a manager: {@code "kubectl"}, {@code "x" using apps/v1}, {@code "x" with subresource "scale" ...}. */
    String describe() {
      String text = '"' + manager + '"' + (subresource.isEmpty() ? "" : " with subresource \"" + subresource + '"');
      return operation.equals(UPDATE) ? text + " using " + apiVersion : text;
    }
  }

  private ManagedFields() {}

  static List<Entry> read(JsonNode object) {
    List<Entry> entries = new ArrayList<>();
    for (JsonNode entry : object == null ? Json.array() : object.path("metadata").path("managedFields")) {
      entries.add(new Entry(entry.path("manager").asText(""), entry.path("operation").asText(UPDATE),
          entry.path("subresource").asText(""), entry.path("apiVersion").asText(""), entry.path("time").asText(null),
          FieldSet.fromFieldsV1(entry.path("fieldsV1"))));
    }
    return entries;
  }

  static void write(ObjectNode object, List<Entry> entries) {
    ArrayNode array = Json.array();
    for (Entry entry : entries) {
      if (entry.fields.isEmpty()) {
        continue;
      }
      ObjectNode json = array.addObject();
      json.put("manager", entry.manager);
      json.put("operation", entry.operation);
      json.put("apiVersion", entry.apiVersion);
      json.put("time", entry.time);
      json.put("fieldsType", "FieldsV1");
      json.set("fieldsV1", entry.fields.toFieldsV1());
      if (!entry.subresource.isEmpty()) {
        json.put("subresource", entry.subresource);
      }
    }
    Json.obj(object, "metadata").set("managedFields", array);
  }

  /**
   * Records a create ({@code live} null), update or non-apply patch by {@code manager} into
   * {@code updated}'s managedFields: it owns what it added or changed; others lose those fields
   * and whatever was removed.
   */
  static void recordUpdate(ResourceKind kind, JsonNode live, ObjectNode updated, String manager, String subresource) {
    List<Entry> entries = read(updated.path("metadata").has("managedFields") ? updated : live);
    ObjectFields.Comparison change = ObjectFields.compare(kind, live, updated);
    FieldSet changed = change.addedOrModified();
    Entry mine = null;
    for (Entry entry : entries) {
      if (entry.is(manager, UPDATE, subresource, kind.apiVersion())) {
        mine = entry;
      } else {
        entry.fields = entry.fields.difference(changed).difference(change.removed());
      }
    }
    if (mine == null) {
      mine = new Entry(manager, UPDATE, subresource, kind.apiVersion(), Json.now(), new FieldSet());
      entries.add(mine);
    }
    if (!changed.isEmpty() || !change.removed().isEmpty()) {
      mine.fields = mine.fields.union(changed).difference(change.removed());
      mine.time = Json.now();
    }
    write(updated, entries);
  }

  /**
   * Server-side apply of {@code config} by {@code manager} onto {@code live} (null when creating):
   * returns the merged object with its managedFields, before the API server's defaulting.
   */
  static ObjectNode apply(ResourceKind kind, ObjectNode live, ObjectNode config, String manager, boolean force) {
    ObjectNode applied = config.deepCopy();
    if (kind.hasStatus()) {
      applied.remove("status"); // the main resource resets status; a status subresource apply is not modelled
    }
    ObjectNode appliedMetadata = Json.obj(applied, "metadata");
    appliedMetadata.remove(List.of("managedFields", "resourceVersion", "uid", "creationTimestamp", "generation"));
    FieldSet appliedFields = ObjectFields.fieldsOf(kind, applied);
    if (live == null) {
      ObjectNode created = applied.deepCopy();
      write(created, List.of(new Entry(manager, APPLY, "", kind.apiVersion(), Json.now(), appliedFields)));
      return created;
    }
    List<Entry> entries = read(live);
    ObjectNode merged = (ObjectNode) ObjectFields.merge(kind, live, applied);
    Entry last = null;
    FieldSet keep = appliedFields.copy();
    for (Entry entry : entries) {
      if (entry.is(manager, APPLY, "", "")) {
        last = entry;
      } else if (entry.operation.equals(APPLY)) {
        keep = keep.union(entry.fields);
      }
    }
    if (last != null) {
      FieldPaths.remove(merged, last.fields.difference(appliedFields), keep);
    }
    ObjectFields.Comparison change = ObjectFields.compare(kind, live, merged);
    FieldSet changed = change.addedOrModified();
    Map<Entry, List<List<String>>> conflicts = new java.util.TreeMap<>(
        java.util.Comparator.comparing((Entry e) -> e.manager).thenComparing(Entry::describe));
    for (Entry entry : entries) {
      if (entry != last) {
        List<List<String>> paths = entry.fields.intersection(changed).members();
        if (!paths.isEmpty()) {
          conflicts.put(entry, paths);
        }
      }
    }
    if (!force && !conflicts.isEmpty()) {
      throw conflict(conflicts);
    }
    for (Entry entry : entries) {
      if (entry != last) {
        entry.fields = entry.fields.difference(changed).difference(change.removed());
      }
    }
    if (last == null) {
      entries.add(new Entry(manager, APPLY, "", kind.apiVersion(), Json.now(), appliedFields));
    } else {
      last.fields = appliedFields;
      last.apiVersion = kind.apiVersion();
      last.time = Json.now();
    }
    write(merged, entries);
    return merged;
  }

  /** The API server's 409 for an apply that would change fields other managers own. */
  private static KubeApiException conflict(Map<Entry, List<List<String>>> conflicts) {
    ObjectNode details = Json.object();
    ArrayNode causes = details.putArray("causes");
    List<String> lines = new ArrayList<>();
    int count = 0;
    String single = null;
    for (Map.Entry<Entry, List<List<String>>> byManager : conflicts.entrySet()) {
      lines.add("conflicts with " + byManager.getKey().describe() + ":");
      for (List<String> path : byManager.getValue()) {
        String field = FieldSet.render(path);
        causes.addObject().put("reason", "FieldManagerConflict")
            .put("message", "conflict with " + byManager.getKey().describe()).put("field", field);
        lines.add("- " + field);
        single = "conflict with " + byManager.getKey().describe() + ": " + field;
        count++;
      }
    }
    String message = count == 1 ? "Apply failed with 1 conflict: " + single
        : "Apply failed with " + count + " conflicts: " + String.join("\n", lines);
    return new KubeApiException(409, "Conflict", message, details);
  }

  /** The object as stored minus the times of its managedFields: equal means the write changed nothing. */
  static JsonNode withoutTimes(JsonNode object) {
    ObjectNode copy = object.deepCopy();
    for (JsonNode entry : copy.path("metadata").path("managedFields")) {
      ((ObjectNode) entry).remove("time");
    }
    if (copy.get("metadata") instanceof ObjectNode metadata) {
      metadata.remove("resourceVersion");
    }
    return copy;
  }
}
