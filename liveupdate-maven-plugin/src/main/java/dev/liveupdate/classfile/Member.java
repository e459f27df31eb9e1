package dev.liveupdate.classfile;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A field or method of a class file.
 *
 * @param access the access flags ({@code ACC_*} of JVMS 4.5 and 4.6)
 * @param descriptor {@code I}, {@code (Ljava/lang/String;)V}, ...
 * @param attributes canonical text of the attributes compared (annotations, Signature,
 *     ConstantValue, Exceptions, MethodParameters, AnnotationDefault, ...), by attribute name
 * @param constantValue the ConstantValue of a field (Integer, Long, Float, Double or String) or
 *     null: what javac inlines into the classes that read a {@code static final} constant
 */
public record Member(int access, String name, String descriptor, Map<String, String> attributes,
    Object constantValue) {

  public Member {
    attributes = Map.copyOf(attributes);
  }

  public Optional<String> signature() {
    return Optional.ofNullable(attributes.get(Attributes.SIGNATURE));
  }

  /** The annotation attributes only (visible, invisible, parameter, type), by attribute name. */
  public Map<String, String> annotations() {
    return AccessFlags.annotationsOf(attributes);
  }

  public boolean isPrivate() {
    return (access & AccessFlags.PRIVATE) != 0;
  }

  public boolean isSynthetic() {
    return (access & AccessFlags.SYNTHETIC) != 0;
  }

  /** How reasons name a method ({@code bar(I)V}); a field is named by its name. */
  String methodId() {
    return name + descriptor;
  }

  /** Attributes in a stable order, for fingerprints. */
  Map<String, String> sortedAttributes() {
    return new TreeMap<>(attributes);
  }
}
