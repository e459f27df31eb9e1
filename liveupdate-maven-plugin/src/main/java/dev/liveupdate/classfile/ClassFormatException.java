package dev.liveupdate.classfile;

/** A class file that does not follow the class-file format (JVMS chapter 4). */
public final class ClassFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ClassFormatException(String message) {
    super(message);
  }

  public ClassFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
