package dev.liveupdate.classfile;

import java.util.Set;

/**
 * Collects the class names (internal form, {@code java/util/List}) named by descriptors
 * (JVMS 4.3) and generic signatures (JVMS 4.7.9.1).
 */
final class Descriptors {

  private Descriptors() {}

  /** A Class entry's name: a class name, or an array descriptor whose element type is named. */
  static void addClassOrArray(String name, Set<String> into) {
    if (name.startsWith("[")) {
      addFromDescriptor(name, into);
    } else {
      into.add(name);
    }
  }

  /** Every {@code L...;} of a field or method descriptor. */
  static void addFromDescriptor(String descriptor, Set<String> into) {
    int i = 0;
    while (i < descriptor.length()) {
      if (descriptor.charAt(i) == 'L') {
        int end = descriptor.indexOf(';', i);
        if (end < 0) {
          throw new ClassFormatException("unterminated class type in descriptor " + descriptor);
        }
        into.add(descriptor.substring(i + 1, end));
        i = end + 1;
      } else {
        i++;
      }
    }
  }

  /**
   * Every class of a class, method or field signature: bounds, type arguments, inner classes
   * ({@code Lp/Outer<TT;>.Inner;} names {@code p/Outer} and {@code p/Outer$Inner}).
   */
  static void addFromSignature(String signature, Set<String> into) {
    new SignatureScanner(signature, into).scan();
  }

  private static final class SignatureScanner {
    private final String s;
    private final Set<String> into;
    private int pos;

    SignatureScanner(String s, Set<String> into) {
      this.s = s;
      this.into = into;
    }

    void scan() {
      try {
        if (peek() == '<') {
          typeParameters();
        }
        while (pos < s.length()) {
          char c = peek();
          if (c == '(' || c == ')' || c == '^') {
            pos++;
          } else {
            javaType();
          }
        }
      } catch (StringIndexOutOfBoundsException e) {
        throw new ClassFormatException("malformed signature " + s, e);
      }
    }

    private void typeParameters() {
      pos++;
      while (peek() != '>') {
        pos = s.indexOf(':', pos);
        if (pos < 0) {
          throw new ClassFormatException("malformed type parameters in signature " + s);
        }
        while (peek() == ':') {
          pos++;
          char c = peek();
          if (c == 'L' || c == 'T' || c == '[') {
            javaType();
          }
        }
      }
      pos++;
    }

    private void javaType() {
      switch (peek()) {
        case 'L' -> classType();
        case 'T' -> {
          int end = s.indexOf(';', pos);
          if (end < 0) {
            throw new ClassFormatException("unterminated type variable in signature " + s);
          }
          pos = end + 1;
        }
        case '[' -> {
          pos++;
          javaType();
        }
        default -> pos++;
      }
    }

    private void classType() {
      pos++;
      StringBuilder name = new StringBuilder(identifier());
      into.add(name.toString());
      while (true) {
        char c = s.charAt(pos++);
        if (c == ';') {
          return;
        } else if (c == '<') {
          while (peek() != '>') {
            char a = peek();
            if (a == '*') {
              pos++;
            } else {
              if (a == '+' || a == '-') {
                pos++;
              }
              javaType();
            }
          }
          pos++;
        } else if (c == '.') {
          name.append('$').append(identifier());
          into.add(name.toString());
        } else {
          throw new ClassFormatException("malformed class type in signature " + s);
        }
      }
    }

    private String identifier() {
      int start = pos;
      while (";<.".indexOf(s.charAt(pos)) < 0) {
        pos++;
      }
      return s.substring(start, pos);
    }

    private char peek() {
      return s.charAt(pos);
    }
  }
}
