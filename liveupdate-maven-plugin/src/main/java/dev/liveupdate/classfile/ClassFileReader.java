package dev.liveupdate.classfile;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a class file (JVMS chapter 4) of any version: only the constant pool tags and the
 * layout of the class, field and method tables are relied on, and those have not changed since
 * Java 11 (a library such as ASM refuses class files newer than it knows).
 */
final class ClassFileReader {

  private static final int MAGIC = 0xCAFEBABE;

  private ClassFileReader() {}

  static ClassFile read(byte[] bytes) {
    try {
      return read(new DataInputStream(new ByteArrayInputStream(bytes)));
    } catch (EOFException e) {
      throw new ClassFormatException("truncated class file (" + bytes.length + " bytes)", e);
    } catch (IOException e) {
      throw new ClassFormatException("unreadable class file: " + e.getMessage(), e);
    }
  }

  private static ClassFile read(DataInputStream in) throws IOException {
    int magic = in.readInt();
    if (magic != MAGIC) {
      throw new ClassFormatException("not a class file (magic 0x" + Integer.toHexString(magic)
          + ")");
    }
    in.readUnsignedShort();
    int major = in.readUnsignedShort();
    ConstantPool pool = new ConstantPool(in);
    Set<String> references = new HashSet<>();
    pool.addReferencedClasses(references);
    int access = in.readUnsignedShort();
    String name = pool.className(in.readUnsignedShort());
    String superName = pool.classNameOrNull(in.readUnsignedShort());
    List<String> interfaces = new ArrayList<>();
    for (int n = in.readUnsignedShort(); n > 0; n--) {
      interfaces.add(pool.className(in.readUnsignedShort()));
    }
    List<Member> fields = members(in, pool, references);
    List<Member> methods = members(in, pool, references);
    Attributes.Read attributes = Attributes.read(in, pool, references);
    if (in.available() != 0) {
      throw new ClassFormatException(in.available() + " bytes after the class file's end");
    }
    references.remove(name);
    return new ClassFile(major, access, name, superName, interfaces, fields, methods,
        attributes.text(), references);
  }

  private static List<Member> members(DataInputStream in, ConstantPool pool,
      Set<String> references) throws IOException {
    List<Member> members = new ArrayList<>();
    for (int n = in.readUnsignedShort(); n > 0; n--) {
      int access = in.readUnsignedShort();
      String name = pool.utf8(in.readUnsignedShort());
      String descriptor = pool.utf8(in.readUnsignedShort());
      Descriptors.addFromDescriptor(descriptor, references);
      Attributes.Read attributes = Attributes.read(in, pool, references);
      members.add(new Member(access, name, descriptor, attributes.text(),
          attributes.constantValue()));
    }
    return members;
  }
}
