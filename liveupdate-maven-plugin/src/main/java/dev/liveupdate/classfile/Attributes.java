package dev.liveupdate.classfile;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads an attributes table (of a class, field, method or record component) into canonical text,
 * one entry per attribute this package compares, constant pool indices resolved: two class files
 * compiled from the same declarations give equal text even when javac numbered their pools
 * differently. {@code Code} and its tables, {@code BootstrapMethods} and debugging attributes
 * are left out: they are method bodies, which no comparison here looks at.
 */
final class Attributes {

  static final String SIGNATURE = "Signature";
  static final String SOURCE_FILE = "SourceFile";
  static final String CONSTANT_VALUE = "ConstantValue";
  static final String INNER_CLASSES = "InnerClasses";
  static final String ENCLOSING_METHOD = "EnclosingMethod";
  static final String METHOD_PARAMETERS = "MethodParameters";

  /** The attributes read, by name, and the constant of a ConstantValue attribute. */
  record Read(Map<String, String> text, Object constantValue) {}

  private Attributes() {}

  static Read read(DataInputStream in, ConstantPool pool, Set<String> references)
      throws IOException {
    Map<String, String> text = new TreeMap<>();
    Object constant = null;
    int count = in.readUnsignedShort();
    for (int i = 0; i < count; i++) {
      String name = pool.utf8(in.readUnsignedShort());
      byte[] body = in.readNBytes(in.readInt());
      DataInputStream a = new DataInputStream(new ByteArrayInputStream(body));
      Decoder decoder = new Decoder(a, pool, references);
      String value = switch (name) {
        case SOURCE_FILE -> pool.utf8(a.readUnsignedShort());
        case SIGNATURE -> {
          String signature = pool.utf8(a.readUnsignedShort());
          Descriptors.addFromSignature(signature, references);
          yield signature;
        }
        case CONSTANT_VALUE -> {
          constant = pool.constant(a.readUnsignedShort());
          yield constantText(constant);
        }
        case "Deprecated", "Synthetic" -> "";
        case "Exceptions", "NestMembers", "PermittedSubclasses" -> decoder.classList();
        case "NestHost" -> decoder.className(a.readUnsignedShort());
        case INNER_CLASSES -> decoder.innerClasses();
        case ENCLOSING_METHOD -> decoder.className(a.readUnsignedShort()) + "."
            + decoder.nameAndTypeOrEmpty(a.readUnsignedShort());
        case METHOD_PARAMETERS -> decoder.methodParameters();
        case "AnnotationDefault" -> decoder.elementValue();
        case "RuntimeVisibleAnnotations", "RuntimeInvisibleAnnotations" -> decoder.annotations();
        case "RuntimeVisibleParameterAnnotations", "RuntimeInvisibleParameterAnnotations" ->
            decoder.parameterAnnotations();
        case "RuntimeVisibleTypeAnnotations", "RuntimeInvisibleTypeAnnotations" ->
            decoder.typeAnnotations();
        case "Record" -> decoder.recordComponents();
        default -> null;
      };
      if (value != null) {
        if (a.available() != 0) {
          throw new ClassFormatException("attribute " + name + " has " + a.available()
              + " bytes left after decoding");
        }
        text.put(name, value);
      }
    }
    return new Read(text, constant);
  }

  /** A constant with its type, so that {@code 1} and {@code 1L} and {@code "1"} differ. */
  static String constantText(Object constant) {
    if (constant instanceof String s) {
      return "String " + quote(s);
    }
    if (constant instanceof Float f) {
      return "float " + Integer.toHexString(Float.floatToRawIntBits(f)) + " (" + f + ")";
    }
    if (constant instanceof Double d) {
      return "double " + Long.toHexString(Double.doubleToRawLongBits(d)) + " (" + d + ")";
    }
    return (constant instanceof Long ? "long " : "int ") + constant;
  }

  static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }

  /** Decodes the body of one attribute. */
  private static final class Decoder {
    private final DataInputStream in;
    private final ConstantPool pool;
    private final Set<String> references;

    Decoder(DataInputStream in, ConstantPool pool, Set<String> references) {
      this.in = in;
      this.pool = pool;
      this.references = references;
    }

    String className(int index) {
      String name = pool.className(index);
      Descriptors.addClassOrArray(name, references);
      return name;
    }

    String nameAndTypeOrEmpty(int index) {
      return index == 0 ? "" : pool.nameAndType(index);
    }

    String classList() throws IOException {
      List<String> names = new ArrayList<>();
      for (int n = in.readUnsignedShort(); n > 0; n--) {
        names.add(className(in.readUnsignedShort()));
      }
      return String.join(",", names);
    }

    String innerClasses() throws IOException {
      List<String> entries = new ArrayList<>();
      for (int n = in.readUnsignedShort(); n > 0; n--) {
        String inner = pool.className(in.readUnsignedShort());
        String outer = pool.classNameOrNull(in.readUnsignedShort());
        int nameIndex = in.readUnsignedShort();
        String simple = nameIndex == 0 ? "" : pool.utf8(nameIndex);
        entries.add(inner + "|" + outer + "|" + simple + "|" + in.readUnsignedShort());
      }
      return String.join(",", entries);
    }

    String methodParameters() throws IOException {
      List<String> params = new ArrayList<>();
      for (int n = in.readUnsignedByte(); n > 0; n--) {
        int nameIndex = in.readUnsignedShort();
        params.add((nameIndex == 0 ? "" : pool.utf8(nameIndex)) + "/" + in.readUnsignedShort());
      }
      return String.join(",", params);
    }

    String annotations() throws IOException {
      List<String> list = new ArrayList<>();
      for (int n = in.readUnsignedShort(); n > 0; n--) {
        list.add(annotation());
      }
      return String.join(" ", list);
    }

    String parameterAnnotations() throws IOException {
      List<String> params = new ArrayList<>();
      for (int p = in.readUnsignedByte(); p > 0; p--) {
        params.add("[" + annotations() + "]");
      }
      return String.join("", params);
    }

    String typeAnnotations() throws IOException {
      List<String> list = new ArrayList<>();
      for (int n = in.readUnsignedShort(); n > 0; n--) {
        list.add(typeTarget() + typePath() + annotation());
      }
      return String.join(" ", list);
    }

    /** JVMS 4.7.20.1: target_type and its target_info, as numbers. */
    private String typeTarget() throws IOException {
      int type = in.readUnsignedByte();
      StringBuilder t = new StringBuilder("#").append(Integer.toHexString(type));
      switch (type) {
        case 0x00, 0x01, 0x16 -> t.append(':').append(in.readUnsignedByte());
        case 0x10, 0x17, 0x42, 0x43, 0x44, 0x45, 0x46 -> t.append(':').append(in.readUnsignedShort());
        case 0x11, 0x12 -> t.append(':').append(in.readUnsignedByte()).append(':')
            .append(in.readUnsignedByte());
        case 0x13, 0x14, 0x15 -> { }
        case 0x40, 0x41 -> {
          for (int n = in.readUnsignedShort(); n > 0; n--) {
            t.append(':').append(in.readUnsignedShort()).append('/').append(in.readUnsignedShort())
                .append('/').append(in.readUnsignedShort());
          }
        }
        case 0x47, 0x48, 0x49, 0x4A, 0x4B -> t.append(':').append(in.readUnsignedShort())
            .append(':').append(in.readUnsignedByte());
        default -> throw new ClassFormatException("unknown type annotation target 0x"
            + Integer.toHexString(type));
      }
      return t.toString();
    }

    private String typePath() throws IOException {
      StringBuilder p = new StringBuilder("/");
      for (int n = in.readUnsignedByte(); n > 0; n--) {
        p.append(in.readUnsignedByte()).append('.').append(in.readUnsignedByte()).append('/');
      }
      return p.toString();
    }

    private String annotation() throws IOException {
      String type = pool.utf8(in.readUnsignedShort());
      Descriptors.addFromDescriptor(type, references);
      List<String> pairs = new ArrayList<>();
      for (int n = in.readUnsignedShort(); n > 0; n--) {
        pairs.add(pool.utf8(in.readUnsignedShort()) + "=" + elementValue());
      }
      return "@" + type + "(" + String.join(",", pairs) + ")";
    }

    String elementValue() throws IOException {
      char tag = (char) in.readUnsignedByte();
      return switch (tag) {
        case 'B', 'C', 'I', 'S', 'Z', 'D', 'F', 'J' ->
            tag + constantText(pool.constant(in.readUnsignedShort()));
        case 's' -> quote(pool.utf8(in.readUnsignedShort()));
        case 'e' -> {
          String type = pool.utf8(in.readUnsignedShort());
          Descriptors.addFromDescriptor(type, references);
          yield "enum " + type + "." + pool.utf8(in.readUnsignedShort());
        }
        case 'c' -> {
          String type = pool.utf8(in.readUnsignedShort());
          Descriptors.addFromDescriptor(type, references);
          yield "class " + type;
        }
        case '@' -> annotation();
        case '[' -> {
          List<String> values = new ArrayList<>();
          for (int n = in.readUnsignedShort(); n > 0; n--) {
            values.add(elementValue());
          }
          yield "{" + String.join(",", values) + "}";
        }
        default -> throw new ClassFormatException("unknown annotation element tag '" + tag + "'");
      };
    }

    String recordComponents() throws IOException {
      List<String> components = new ArrayList<>();
      for (int n = in.readUnsignedShort(); n > 0; n--) {
        String name = pool.utf8(in.readUnsignedShort());
        String descriptor = pool.utf8(in.readUnsignedShort());
        Descriptors.addFromDescriptor(descriptor, references);
        components.add(name + ":" + descriptor + Attributes.read(in, pool, references).text());
      }
      return String.join(",", components);
    }
  }
}
