package dev.liveupdate.classfile;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.Set;

/**
 * The constant pool of one class file (JVMS 4.4), read once; the other readers of this package
 * resolve indices through it, so nothing they keep depends on how javac numbered the entries
 * (a method body edit renumbers them).
 */
final class ConstantPool {

  private static final int UTF8 = 1;
  private static final int INTEGER = 3;
  private static final int FLOAT = 4;
  private static final int LONG = 5;
  private static final int DOUBLE = 6;
  private static final int CLASS = 7;
  private static final int STRING = 8;
  private static final int FIELD_REF = 9;
  private static final int METHOD_REF = 10;
  private static final int INTERFACE_METHOD_REF = 11;
  private static final int NAME_AND_TYPE = 12;
  private static final int METHOD_HANDLE = 15;
  private static final int METHOD_TYPE = 16;
  private static final int DYNAMIC = 17;
  private static final int INVOKE_DYNAMIC = 18;
  private static final int MODULE = 19;
  private static final int PACKAGE = 20;

  private final int[] tags;
  /** Utf8 text, or a boxed constant, per index. */
  private final Object[] values;
  /** First and second u2 of the entries that refer to others (Class, NameAndType, ...). */
  private final int[] first;
  private final int[] second;

  ConstantPool(DataInputStream in) throws IOException {
    int count = in.readUnsignedShort();
    tags = new int[count];
    values = new Object[count];
    first = new int[count];
    second = new int[count];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      tags[i] = tag;
      switch (tag) {
        case UTF8 -> values[i] = in.readUTF();
        case INTEGER -> values[i] = in.readInt();
        case FLOAT -> values[i] = in.readFloat();
        case LONG -> values[i++] = in.readLong();
        case DOUBLE -> values[i++] = in.readDouble();
        case CLASS, STRING, METHOD_TYPE, MODULE, PACKAGE -> first[i] = in.readUnsignedShort();
        case FIELD_REF, METHOD_REF, INTERFACE_METHOD_REF, NAME_AND_TYPE, DYNAMIC, INVOKE_DYNAMIC -> {
          first[i] = in.readUnsignedShort();
          second[i] = in.readUnsignedShort();
        }
        case METHOD_HANDLE -> {
          first[i] = in.readUnsignedByte();
          second[i] = in.readUnsignedShort();
        }
        default -> throw new ClassFormatException("unknown constant pool tag " + tag
            + " at index " + i);
      }
    }
  }

  String utf8(int index) {
    check(index, UTF8);
    return (String) values[index];
  }

  /** The internal name of a Class entry ({@code java/lang/String}, or an array descriptor). */
  String className(int index) {
    check(index, CLASS);
    return utf8(first[index]);
  }

  /** The class name, or null for index 0 (no superclass, anonymous inner class, ...). */
  String classNameOrNull(int index) {
    return index == 0 ? null : className(index);
  }

  /** "name:descriptor" of a NameAndType entry. */
  String nameAndType(int index) {
    check(index, NAME_AND_TYPE);
    return utf8(first[index]) + ":" + utf8(second[index]);
  }

  /** An Integer, Long, Float, Double or String constant, as its Java value. */
  Object constant(int index) {
    return switch (tag(index)) {
      case INTEGER, LONG, FLOAT, DOUBLE -> values[index];
      case STRING -> utf8(first[index]);
      default -> throw new ClassFormatException("constant pool index " + index
          + " is not a constant (tag " + tags[index] + ")");
    };
  }

  /**
   * Adds every class this pool names: Class entries (array element types included) and the
   * classes of NameAndType and MethodType descriptors (parameter and field types of what the
   * code calls, which need no Class entry of their own).
   */
  void addReferencedClasses(Set<String> into) {
    for (int i = 1; i < tags.length; i++) {
      switch (tags[i]) {
        case CLASS -> Descriptors.addClassOrArray(utf8(first[i]), into);
        case NAME_AND_TYPE -> Descriptors.addFromDescriptor(utf8(second[i]), into);
        case METHOD_TYPE -> Descriptors.addFromDescriptor(utf8(first[i]), into);
        default -> { }
      }
    }
  }

  private int tag(int index) {
    if (index <= 0 || index >= tags.length) {
      throw new ClassFormatException("constant pool index " + index + " out of range 1.."
          + (tags.length - 1));
    }
    return tags[index];
  }

  private void check(int index, int tag) {
    if (tag(index) != tag) {
      throw new ClassFormatException("constant pool index " + index + " has tag " + tags[index]
          + ", expected " + tag);
    }
  }
}
