package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A set of field paths, the unit of server-side apply's ownership, in the shape of
 * {@code metadata.managedFields[].fieldsV1}: a tree whose keys are path elements ({@code f:name} a
 * field, <code>k:{"name":"main"}</code> a list element by its keys, {@code v:"x"} a value of a set)
 * and where {@code "."} marks a node that is itself a member. Children sort as the API server
 * sorts them: fields, then keys, then values.
 */
final class FieldSet {
  private boolean member;
  private final TreeMap<String, FieldSet> children = new TreeMap<>();

  /** Marks {@code path} (a list of elements such as {@code f:spec}) as a member. */
  void add(List<String> path) {
    FieldSet node = this;
    for (String element : path) {
      node = node.children.computeIfAbsent(element, e -> new FieldSet());
    }
    node.member = true;
  }

  boolean isEmpty() {
    return !member && children.isEmpty();
  }

  /** Whether {@code path} itself is a member. */
  boolean contains(List<String> path) {
    FieldSet node = node(path);
    return node != null && node.member;
  }

  /** Whether {@code path} or anything below it is a member. */
  boolean touches(List<String> path) {
    FieldSet node = node(path);
    return node != null && !node.isEmpty();
  }

  private FieldSet node(List<String> path) {
    FieldSet node = this;
    for (String element : path) {
      node = node.children.get(element);
      if (node == null) {
        return null;
      }
    }
    return node;
  }

  /** Every member path, parents before their children. */
  List<List<String>> members() {
    List<List<String>> members = new ArrayList<>();
    collect(new ArrayList<>(), members);
    return members;
  }

  private void collect(List<String> prefix, List<List<String>> out) {
    if (member) {
      out.add(List.copyOf(prefix));
    }
    for (Map.Entry<String, FieldSet> child : children.entrySet()) {
      prefix.add(child.getKey());
      child.getValue().collect(prefix, out);
      prefix.remove(prefix.size() - 1);
    }
  }

  FieldSet union(FieldSet other) {
    FieldSet result = copy();
    other.members().forEach(result::add);
    return result;
  }

  FieldSet difference(FieldSet other) {
    FieldSet result = new FieldSet();
    members().stream().filter(path -> !other.contains(path)).forEach(result::add);
    return result;
  }

  FieldSet intersection(FieldSet other) {
    FieldSet result = new FieldSet();
    members().stream().filter(other::contains).forEach(result::add);
    return result;
  }

  FieldSet copy() {
    FieldSet result = new FieldSet();
    members().forEach(result::add);
    return result;
  }

  /** The {@code fieldsV1} JSON: members with children carry {@code ".": {}}, leaves are {@code {}}. */
  ObjectNode toFieldsV1() {
    ObjectNode json = Json.object();
    if (member && !children.isEmpty()) {
      json.putObject(".");
    }
    children.forEach((element, child) -> json.set(element, child.toFieldsV1()));
    return json;
  }

  static FieldSet fromFieldsV1(JsonNode json) {
    FieldSet set = new FieldSet();
    Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getKey().equals(".")) {
        set.member = true;
      } else {
        FieldSet child = fromFieldsV1(field.getValue());
        if (child.children.isEmpty()) {
          child.member = true;
        }
        set.children.put(field.getKey(), child);
      }
    }
    return set;
  }

  /**
   * A path as the API server prints it in conflicts: {@code .spec.replicas},
   * <code>.spec.template.spec.containers[name="main"].image</code>, <code>.metadata.finalizers[="x"]</code>.
   */
  static String render(List<String> path) {
    StringBuilder text = new StringBuilder();
    for (String element : path) {
      String value = element.substring(2);
      switch (element.charAt(0)) {
        case 'f' -> text.append('.').append(value);
        case 'v' -> text.append("[=").append(value).append(']');
        case 'k' -> {
          List<String> keys = new ArrayList<>();
          Json.parse(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)).fields()
              .forEachRemaining(e -> keys.add(e.getKey() + "=" + Json.string(e.getValue())));
          text.append('[').append(String.join(",", keys)).append(']');
        }
        default -> text.append('[').append(value).append(']');
      }
    }
    return text.toString();
  }

  @Override
  public String toString() {
    return toFieldsV1().toString();
  }
}
