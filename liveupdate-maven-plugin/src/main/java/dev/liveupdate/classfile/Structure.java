package dev.liveupdate.classfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Decides whether a new version of a class may replace the old one in a running JVM by
 * redefinition (a hot-swap): only when everything but method bodies is identical. Compared:
 * name, superclass, interfaces, class access flags, generic signatures, runtime-visible
 * annotations (class, field, method, parameter, type; a framework reads them once at start, so
 * a changed one must restart it even though the JVM would accept it), NestHost, NestMembers,
 * PermittedSubclasses and Record (the JVM refuses to redefine those), and every field and
 * method, private and synthetic ones included, with its access flags, descriptor, thrown
 * exceptions, parameter names and constant value (a changed {@code static final} constant is
 * not re-read by a redefined class). Not compared: method bodies, class-retention annotations
 * (invisible at run time), SourceFile, InnerClasses, EnclosingMethod, debug attributes.
 *
 * <p>A lambda or anonymous class added to a body adds a synthetic method or a nest member, so
 * such an edit is not a body-only change, as for the JVM.
 */
public final class Structure {

  private static final Set<String> CLASS_IGNORED = Set.of(Attributes.SOURCE_FILE,
      Attributes.INNER_CLASSES, Attributes.ENCLOSING_METHOD, "Deprecated", "Synthetic");
  private static final int SHOWN_REASONS = 3;

  private Structure() {}

  public static boolean sameStructure(ClassFile before, ClassFile after) {
    return differences(before, after).isEmpty();
  }

  /**
   * Why {@code after} cannot be hot-swapped over {@code before} ({@code Foo: method added
   * bar(I)V}; at most three reasons, then how many more), or empty when only bodies changed.
   */
  public static Optional<String> difference(ClassFile before, ClassFile after) {
    List<String> all = differences(before, after);
    if (all.isEmpty()) {
      return Optional.empty();
    }
    String shown = String.join("; ", all.subList(0, Math.min(SHOWN_REASONS, all.size())));
    return Optional.of(all.size() <= SHOWN_REASONS ? shown
        : shown + "; and " + (all.size() - SHOWN_REASONS) + " more");
  }

  /** Every difference that prevents a hot-swap, each a sentence starting with the class. */
  public static List<String> differences(ClassFile before, ClassFile after) {
    String who = before.simpleName() + ": ";
    List<String> reasons = new ArrayList<>();
    if (!before.name().equals(after.name())) {
      reasons.add(who + "class name changed to " + javaName(after.name()));
      return reasons;
    }
    if (!Objects.equals(before.superName(), after.superName())) {
      reasons.add(who + "superclass changed from " + javaName(before.superName()) + " to "
          + javaName(after.superName()));
    }
    if (!before.interfaces().equals(after.interfaces())) {
      reasons.add(who + "interfaces changed from " + javaNames(before.interfaces()) + " to "
          + javaNames(after.interfaces()));
    }
    int classFlags = ~AccessFlags.SUPER_OR_SYNCHRONIZED;
    if ((before.access() & classFlags) != (after.access() & classFlags)) {
      reasons.add(who + "class modifiers changed from "
          + AccessFlags.describeClass(before.access() & classFlags) + " to "
          + AccessFlags.describeClass(after.access() & classFlags));
    }
    for (String attribute : changedAttributes(before.attributes(), after.attributes())) {
      if (!CLASS_IGNORED.contains(attribute)) {
        reasons.add(who + describeAttribute(attribute, "class ") + " changed");
      }
    }
    compareMembers(who, "field", before.fields(), after.fields(), Member::name, reasons);
    compareMembers(who, "method", before.methods(), after.methods(), Member::methodId, reasons);
    return reasons;
  }

  private static void compareMembers(String who, String kind, List<Member> before,
      List<Member> after, Function<Member, String> id, List<String> reasons) {
    Map<String, Member> old = byId(before, id);
    Map<String, Member> neu = byId(after, id);
    for (String gone : old.keySet()) {
      if (!neu.containsKey(gone)) {
        reasons.add(who + kind + " removed " + gone);
      }
    }
    for (Map.Entry<String, Member> entry : neu.entrySet()) {
      Member was = old.get(entry.getKey());
      Member now = entry.getValue();
      if (was == null) {
        reasons.add(who + kind + " added " + entry.getKey());
        continue;
      }
      List<String> what = new ArrayList<>();
      if (!was.descriptor().equals(now.descriptor())) {
        what.add("type " + was.descriptor() + " to " + now.descriptor());
      }
      if (was.access() != now.access()) {
        boolean field = kind.equals("field");
        what.add("modifiers " + (field ? AccessFlags.describeField(was.access())
            : AccessFlags.describeMethod(was.access())) + " to "
            + (field ? AccessFlags.describeField(now.access())
            : AccessFlags.describeMethod(now.access())));
      }
      for (String attribute : changedAttributes(was.attributes(), now.attributes())) {
        if (!attribute.equals("Deprecated") && !attribute.equals("Synthetic")) {
          what.add(describeAttribute(attribute, ""));
        }
      }
      if (!what.isEmpty()) {
        reasons.add(who + kind + " " + entry.getKey() + " changed: " + String.join(", ", what));
      }
    }
  }

  /** Attributes present in one only, or with different text; class-retention ones left out. */
  private static Set<String> changedAttributes(Map<String, String> before,
      Map<String, String> after) {
    Set<String> names = new TreeSet<>(before.keySet());
    names.addAll(after.keySet());
    names.removeIf(n -> n.startsWith("RuntimeInvisible")
        || Objects.equals(before.get(n), after.get(n)));
    return names;
  }

  private static String describeAttribute(String attribute, String prefix) {
    return switch (attribute) {
      case "Signature" -> prefix + "generic signature";
      case "ConstantValue" -> "constant value";
      case "Exceptions" -> "thrown exceptions";
      case "MethodParameters" -> "parameter names";
      case "AnnotationDefault" -> "annotation default";
      case "RuntimeVisibleAnnotations" -> prefix + "annotations";
      case "RuntimeVisibleParameterAnnotations" -> "parameter annotations";
      case "RuntimeVisibleTypeAnnotations" -> prefix + "type annotations";
      case "NestHost" -> "nest host";
      case "NestMembers" -> "nested classes";
      case "PermittedSubclasses" -> "permitted subclasses";
      case "Record" -> "record components";
      default -> prefix + attribute;
    };
  }

  private static Map<String, Member> byId(List<Member> members, Function<Member, String> id) {
    Map<String, Member> map = new TreeMap<>();
    for (Member m : members) {
      map.put(id.apply(m), m);
    }
    return map;
  }

  private static String javaName(String internal) {
    return internal == null ? "none" : internal.replace('/', '.');
  }

  private static List<String> javaNames(List<String> internals) {
    return internals.stream().map(Structure::javaName).toList();
  }
}
