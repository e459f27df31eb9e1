package dev.liveupdate.mojo;

/** Counts in messages: {@code 1 file}, {@code 2 files}. */
final class Plural {

  private Plural() {}

  static String of(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
