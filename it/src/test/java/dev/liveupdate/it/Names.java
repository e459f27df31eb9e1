package dev.liveupdate.it;

import java.util.Random;

/**
 * New names and contents for {@link RandomOps}, drawn from its seeded random source: unique file
 * and directory names (some with spaces, quotes, shell characters, non-ASCII letters) and text
 * content of varied sizes.
 */
final class Names {

  private static final String[] EXTENSIONS =
      {".txt", ".css", ".js", ".json", ".properties", ".html", ".sh", ""};

  private final Random random;
  private int counter;

  Names(Random random) {
    this.random = random;
  }

  /** A number not given out before, for unique names. */
  int next() {
    return ++counter;
  }

  /** A new, unique file name; some with spaces, quotes, shell characters, non-ASCII letters. */
  String fileName() {
    int n = next();
    String ext = EXTENSIONS[random.nextInt(EXTENSIONS.length)];
    return switch (random.nextInt(16)) {
      case 0 -> "my file " + n + ext;
      case 1 -> "grüße-" + n + ext;
      case 2 -> "it's " + n + ext;
      case 3 -> "$x&y;" + n + ext;
      case 4 -> "-dash" + n + ext;
      default -> (random.nextBoolean() ? "f" : "g") + n + ext;
    };
  }

  String dirName() {
    int n = next();
    return switch (random.nextInt(10)) {
      case 0 -> "dir " + n;
      case 1 -> "ördner" + n;
      default -> "d" + n;
    };
  }

  /** Mostly small text, some empty files, a few up to 128 KiB. */
  byte[] content() {
    int r = random.nextInt(100);
    int size = r < 5 ? 0 : r < 55 ? 1 + random.nextInt(200) : r < 95 ? 200 + random.nextInt(3900)
        : 4096 + random.nextInt(128 * 1024);
    return text(size);
  }

  byte[] text(int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = random.nextInt(40) == 0 ? (byte) '\n' : (byte) (' ' + random.nextInt(95));
    }
    return bytes;
  }
}
