package dev.liveupdate.sync;

import java.util.Objects;

/**
 * What one path of a synced tree is, as far as a one-shot sync compares it: a directory, a regular
 * file (its SHA-256 and whether its owner may execute it) or a symlink (its target, never
 * followed). Other permission bits are not compared: a container running as a user other than
 * root applies its umask on extraction, so they could differ for ever.
 *
 * @param kind       what the path is
 * @param sha256     lower-case hex digest of a file's content; empty otherwise
 * @param executable whether a file has the owner's execute bit; false otherwise
 * @param linkTarget a symlink's target as stored in the link; empty otherwise
 */
public record TreeEntry(Kind kind, String sha256, boolean executable, String linkTarget) {

  /** The kinds of path a sync copies (files, links) or walks (directories). */
  public enum Kind { DIRECTORY, FILE, SYMLINK }

  public TreeEntry {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(linkTarget, "linkTarget");
  }

  public static TreeEntry directory() {
    return new TreeEntry(Kind.DIRECTORY, "", false, "");
  }

  public static TreeEntry file(String sha256, boolean executable) {
    return new TreeEntry(Kind.FILE, sha256, executable, "");
  }

  public static TreeEntry symlink(String target) {
    return new TreeEntry(Kind.SYMLINK, "", false, target);
  }

  public boolean isDirectory() {
    return kind == Kind.DIRECTORY;
  }
}
