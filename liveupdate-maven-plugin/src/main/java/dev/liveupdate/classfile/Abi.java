package dev.liveupdate.classfile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a class compiled against this one can observe, reduced to a fingerprint: when it is
 * unchanged, no other class needs compiling again. It covers the class's access flags,
 * superclass, interfaces, generic signature, annotations, permitted subclasses, record
 * components and its own InnerClasses entries (the real access of a nested class), and every
 * non-private, non-synthetic field and method: name, descriptor, access flags, generic
 * signature, thrown exceptions, annotations, annotation defaults and the constant value of a
 * field. Member order, private members, method bodies and debug attributes are left out.
 *
 * <p>{@link #constants()} holds the constant values alone: javac copies them into the classes
 * that read them, which then no longer name this class in their constant pool.
 *
 * @param fingerprint SHA-256 of the canonical text of all of the above, hex
 * @param constants the non-private fields with a ConstantValue: name to typed value text
 */
public record Abi(String className, String fingerprint, Map<String, String> constants) {

  private static final Set<String> MEMBER_ATTRIBUTES = Set.of(Attributes.SIGNATURE,
      Attributes.CONSTANT_VALUE, "Exceptions", "AnnotationDefault", "Deprecated");
  private static final Set<String> CLASS_ATTRIBUTES = Set.of(Attributes.SIGNATURE,
      "PermittedSubclasses", "Record", "Deprecated");
  private static final int IGNORED_CLASS_FLAGS = AccessFlags.SUPER_OR_SYNCHRONIZED;
  /** synchronized and strictfp do not change how a caller compiles. */
  private static final int IGNORED_METHOD_FLAGS = AccessFlags.SUPER_OR_SYNCHRONIZED | 0x0800;

  public Abi {
    constants = Map.copyOf(constants);
  }

  public static Abi of(ClassFile c) {
    StringBuilder text = new StringBuilder();
    text.append("class ").append(c.access() & ~IGNORED_CLASS_FLAGS).append(' ').append(c.name())
        .append(" extends ").append(c.superName()).append(" implements ")
        .append(c.interfaces()).append('\n');
    appendAttributes(text, c.attributes(), CLASS_ATTRIBUTES);
    String inner = c.attributes().get(Attributes.INNER_CLASSES);
    if (inner != null) {
      for (String entry : inner.split(",")) {
        String[] parts = entry.split("\\|", -1);
        if (parts[0].equals(c.name()) || parts[1].equals(c.name())) {
          text.append("inner ").append(entry).append('\n');
        }
      }
    }
    Map<String, String> constants = new TreeMap<>();
    c.fields().stream().filter(Abi::visible).sorted(Comparator.comparing(Member::name))
        .forEach(f -> {
          text.append("field ").append(f.access()).append(' ').append(f.name()).append(' ')
              .append(f.descriptor()).append('\n');
          appendAttributes(text, f.attributes(), MEMBER_ATTRIBUTES);
          if (f.constantValue() != null) {
            constants.put(f.name(), Attributes.constantText(f.constantValue()));
          }
        });
    c.methods().stream().filter(Abi::visible).sorted(Comparator.comparing(Member::methodId))
        .forEach(m -> {
          text.append("method ").append(m.access() & ~IGNORED_METHOD_FLAGS).append(' ')
              .append(m.methodId()).append('\n');
          appendAttributes(text, m.attributes(), MEMBER_ATTRIBUTES);
        });
    return new Abi(c.name(), sha256(text.toString()), constants);
  }

  /** Whether the constant values differ: readers of them must compile again. */
  public boolean constantsDiffer(Abi other) {
    return !constants.equals(other.constants);
  }

  private static boolean visible(Member m) {
    return !m.isPrivate() && !m.isSynthetic();
  }

  private static void appendAttributes(StringBuilder text, Map<String, String> attributes,
      Set<String> kept) {
    new TreeMap<>(attributes).forEach((name, value) -> {
      if (kept.contains(name) || name.contains("Annotation")) {
        text.append("  ").append(name).append(' ').append(value).append('\n');
      }
    });
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
