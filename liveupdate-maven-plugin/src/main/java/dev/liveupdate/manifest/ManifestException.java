package dev.liveupdate.manifest;

/** Manifests that cannot be read or used; the message names the file and line. */
public final class ManifestException extends Exception {

  public ManifestException(String message) {
    super(message);
  }

  public ManifestException(String message, Throwable cause) {
    super(message, cause);
  }
}
