package dev.liveupdate.supervisor;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Optional;

/** The binary name a class file defines ({@code this_class}), read from its constant pool. */
final class ClassFileName {

  private static final int ACC_MODULE = 0x8000;

  private ClassFileName() {}

  /** @return the name ({@code com.example.Foo$Bar}); empty for a {@code module-info} class */
  static Optional<String> of(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file (no CAFEBABE)");
    }
    in.readUnsignedShort(); // minor
    in.readUnsignedShort(); // major
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    int[] classNames = new int[count];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1: utf8[i] = in.readUTF(); break;
        case 7: classNames[i] = in.readUnsignedShort(); break;
        case 8: case 16: case 19: case 20: in.skipBytes(2); break;
        case 15: in.skipBytes(3); break;
        case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18: in.skipBytes(4); break;
        case 5: case 6: in.skipBytes(8); i++; break;
        default: throw new IOException("not a class file: constant pool tag " + tag + " at entry " + i);
      }
    }
    int access = in.readUnsignedShort();
    int thisClass = in.readUnsignedShort();
    if ((access & ACC_MODULE) != 0) {
      return Optional.empty();
    }
    if (thisClass <= 0 || thisClass >= count || classNames[thisClass] == 0 || utf8[classNames[thisClass]] == null) {
      throw new IOException("not a class file: this_class is not a class entry");
    }
    return Optional.of(utf8[classNames[thisClass]].replace('/', '.'));
  }
}
