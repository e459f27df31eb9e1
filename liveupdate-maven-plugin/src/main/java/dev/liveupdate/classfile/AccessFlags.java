package dev.liveupdate.classfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The access flags of JVMS 4.1, 4.5 and 4.6, and their names in reasons. */
final class AccessFlags {

  static final int PUBLIC = 0x0001;
  static final int PRIVATE = 0x0002;
  static final int PROTECTED = 0x0004;
  static final int STATIC = 0x0008;
  static final int FINAL = 0x0010;
  /** ACC_SUPER on a class (always set by javac), ACC_SYNCHRONIZED on a method. */
  static final int SUPER_OR_SYNCHRONIZED = 0x0020;
  static final int SYNTHETIC = 0x1000;

  private static final String[] CLASS_NAMES = {"public", null, null, null, "final", null, null,
      null, null, "interface", "abstract", null, "synthetic", "annotation", "enum", "module"};
  private static final String[] FIELD_NAMES = {"public", "private", "protected", "static",
      "final", null, "volatile", "transient", null, null, null, null, "synthetic", null, "enum"};
  private static final String[] METHOD_NAMES = {"public", "private", "protected", "static",
      "final", "synchronized", "bridge", "varargs", "native", null, "abstract", "strict",
      "synthetic"};

  private AccessFlags() {}

  static String describeClass(int access) {
    return describe(access, CLASS_NAMES);
  }

  static String describeField(int access) {
    return describe(access, FIELD_NAMES);
  }

  static String describeMethod(int access) {
    return describe(access, METHOD_NAMES);
  }

  private static String describe(int access, String[] names) {
    List<String> words = new ArrayList<>();
    for (int bit = 0; bit < 16; bit++) {
      if ((access & (1 << bit)) != 0) {
        words.add(bit < names.length && names[bit] != null ? names[bit]
            : "0x" + Integer.toHexString(1 << bit));
      }
    }
    return words.isEmpty() ? "package-private" : String.join(" ", words);
  }

  static Map<String, String> annotationsOf(Map<String, String> attributes) {
    Map<String, String> annotations = new TreeMap<>();
    attributes.forEach((name, text) -> {
      if (name.contains("Annotation")) {
        annotations.put(name, text);
      }
    });
    return annotations;
  }
}
