package dev.liveupdate.image;

/**
 * The image could not be built or pushed. The message says why in one line, for the user
 * ("cannot push to 127.0.0.1:5000/api: connection refused (is the registry running?)"); the cause
 * is jib's or the I/O exception that says it in detail.
 */
public class ImageBuildException extends Exception {

  private final String image;

  public ImageBuildException(String image, String message, Throwable cause) {
    super(message, cause);
    this.image = image;
  }

  /** The image that was being built ({@code <to>}). */
  public String image() {
    return image;
  }
}
