package dev.liveupdate.classfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What this plugin needs to know of one {@code .class} file: its name and hierarchy, access
 * flags, members with their annotations and constants, the source file it came from, and every
 * class it names. Method bodies are not kept. Read with {@link #read(byte[])}; compare with
 * {@link Abi} (what dependents see) and {@link Structure} (what a hot-swap may not change).
 *
 * @param access the class's access flags ({@code ACC_PUBLIC}, {@code ACC_INTERFACE}, ...)
 * @param name the internal name, {@code com/example/Foo$Bar}
 * @param superName null for {@code java/lang/Object} and {@code module-info}
 * @param attributes canonical text of the class attributes compared (annotations, Signature,
 *     SourceFile, InnerClasses, NestHost, NestMembers, PermittedSubclasses, Record, ...)
 * @param referencedClasses every class named by the constant pool, descriptors, signatures and
 *     annotations, this class excluded, internal names
 */
public record ClassFile(int majorVersion, int access, String name, String superName,
    List<String> interfaces, List<Member> fields, List<Member> methods,
    Map<String, String> attributes, Set<String> referencedClasses) {

  public ClassFile {
    interfaces = List.copyOf(interfaces);
    fields = List.copyOf(fields);
    methods = List.copyOf(methods);
    attributes = Map.copyOf(attributes);
    referencedClasses = Set.copyOf(referencedClasses);
  }

  /** Parses a class file; throws {@link ClassFormatException} when it is not one. */
  public static ClassFile read(byte[] bytes) {
    return ClassFileReader.read(bytes);
  }

  public static ClassFile read(Path file) throws IOException {
    try {
      return read(Files.readAllBytes(file));
    } catch (ClassFormatException e) {
      throw new ClassFormatException(file + ": " + e.getMessage(), e);
    }
  }

  /** The SourceFile attribute ({@code Foo.java}); absent when compiled with {@code -g:none}. */
  public Optional<String> sourceFile() {
    return Optional.ofNullable(attributes.get(Attributes.SOURCE_FILE));
  }

  public Optional<String> signature() {
    return Optional.ofNullable(attributes.get(Attributes.SIGNATURE));
  }

  /** The annotation attributes only, by attribute name. */
  public Map<String, String> annotations() {
    return AccessFlags.annotationsOf(attributes);
  }

  /** {@code com/example}, or {@code ""} in the unnamed package. */
  public String packageName() {
    int slash = name.lastIndexOf('/');
    return slash < 0 ? "" : name.substring(0, slash);
  }

  /** The name after the package: {@code Foo$Bar}; how reasons name the class. */
  public String simpleName() {
    return name.substring(name.lastIndexOf('/') + 1);
  }

  /**
   * The path of the source this class was compiled from, relative to its source root:
   * {@code com/example/Foo.java}, from the package and the SourceFile attribute (a class may be
   * declared in a file of another name); without SourceFile, the top-level class's name.
   */
  public String sourcePath() {
    String file = sourceFile().orElseGet(() -> {
      String simple = simpleName();
      int dollar = simple.indexOf('$');
      return (dollar > 0 ? simple.substring(0, dollar) : simple) + ".java";
    });
    String pkg = packageName();
    return pkg.isEmpty() ? file : pkg + "/" + file;
  }

  /** The path of this class file relative to an output directory: {@code com/example/Foo.class}. */
  public String classFilePath() {
    return name + ".class";
  }

  public Optional<Member> field(String fieldName) {
    return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
  }

  public Optional<Member> method(String methodName, String descriptor) {
    return methods.stream()
        .filter(m -> m.name().equals(methodName) && m.descriptor().equals(descriptor))
        .findFirst();
  }
}
