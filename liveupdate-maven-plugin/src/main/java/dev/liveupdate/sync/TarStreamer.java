package dev.liveupdate.sync;

import dev.liveupdate.plan.FileCopy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes the files of an update as a tar stream, one file at a time, so a batch is never held in
 * memory. Entry names are container paths without the leading slash (extracted with {@code -C /});
 * modes are kept; owners are root. A symlink is copied as a link only when it resolves inside its
 * sync source, through the links on its way ({@link SymlinkCheck}); it is never followed.
 */
public final class TarStreamer {

  private TarStreamer() {}

  /**
   * What went into the stream and what was left out.
   *
   * @param skipped files left out for a reason the user should hear (refused links, unreadable)
   * @param gone files deleted or replaced since the batch was made: the watcher reports that
   *     change too, so they are only worth a count
   */
  public record Result(List<FileCopy> written, List<String> skipped, List<Path> gone) {}

  public static Result write(List<FileCopy> copies, OutputStream out) throws IOException {
    List<FileCopy> written = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<Path> gone = new ArrayList<>();
    // Whole 10 KiB records: GNU tar reads by record, and without stdin EOF (exec v4) it waits
    // for the rest of one.
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out, 10240, "UTF-8");
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    for (FileCopy copy : copies) {
      String name = entryName(copy.containerPath());
      try {
        BasicFileAttributes attrs = Files.readAttributes(copy.local(), PosixFileAttributes.class,
            LinkOption.NOFOLLOW_LINKS);
        if (attrs.isSymbolicLink()) {
          Path target = Files.readSymbolicLink(copy.local());
          Optional<String> refused = SymlinkCheck.refusal(copy.local(), copy.syncSource());
          if (refused.isPresent()) {
            skipped.add(refused.get());
            continue;
          }
          TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
          entry.setLinkName(target.toString().replace('\\', '/'));
          entry.setModTime(attrs.lastModifiedTime());
          tar.putArchiveEntry(entry);
          tar.closeArchiveEntry();
        } else if (attrs.isRegularFile()) {
          InputStream in = Files.newInputStream(copy.local(), LinkOption.NOFOLLOW_LINKS);
          writeFile(tar, name, in, (PosixFileAttributes) attrs, copy.local(), skipped);
        } else {
          skipped.add(copy.local() + ": not a regular file or symlink");
          continue;
        }
      } catch (FileSystemException e) {
        // Deleted or replaced since the batch was made (a folder on its way may be a file now:
        // "Not a directory"): the watcher reports that change too, and the next update sends it.
        // Anything else (permissions) is said as it is; the rest of the update goes on.
        if (e instanceof NoSuchFileException || e instanceof NotLinkException
            || "Not a directory".equals(e.getReason())) {
          gone.add(copy.local());
        } else {
          skipped.add(copy.local() + ": cannot be read, not sent: " + e.getMessage());
        }
        continue;
      }
      written.add(copy);
    }
    tar.finish();
    tar.flush();
    return new Result(written, skipped, gone);
  }

  /**
   * The container paths of the copies that are symlinks this streamer will refuse: they are
   * removed from the container instead, so that no stale file stays where the link now is.
   */
  public static List<String> refusedSymlinks(List<FileCopy> copies) {
    List<String> refused = new ArrayList<>();
    for (FileCopy copy : copies) {
      try {
        if (Files.isSymbolicLink(copy.local())
            && SymlinkCheck.refusal(copy.local(), copy.syncSource()).isPresent()) {
          refused.add(copy.containerPath());
        }
      } catch (IOException e) {
        // gone or replaced: the streamer skips it, the watcher reports it
      }
    }
    return refused;
  }

  private static void writeFile(TarArchiveOutputStream tar, String name, InputStream opened,
      PosixFileAttributes attrs, Path file, List<String> skipped) throws IOException {
    try (InputStream in = opened) {
      // The size is fixed when the entry starts: a file that grows meanwhile is cut, one that
      // shrinks is padded; either way the watcher reports the write and the next update sends
      // the latest content.
      long size = attrs.size();
      TarArchiveEntry entry = new TarArchiveEntry(name);
      entry.setSize(size);
      entry.setMode(0100000 | mode(attrs.permissions()));
      entry.setModTime(attrs.lastModifiedTime());
      tar.putArchiveEntry(entry);
      byte[] buffer = new byte[64 * 1024];
      long left = size;
      while (left > 0) {
        int n;
        try {
          n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        } catch (IOException unreadable) {
          // The header is out: the entry must be completed. The next update sends the file again.
          skipped.add(file + ": could not be read whole (" + unreadable.getMessage()
              + "); the rest was sent as zeros until its next change");
          n = -1;
        }
        if (n < 0) {
          java.util.Arrays.fill(buffer, (byte) 0);
          while (left > 0) {
            int pad = (int) Math.min(buffer.length, left);
            tar.write(buffer, 0, pad);
            left -= pad;
          }
          break;
        }
        tar.write(buffer, 0, n);
        left -= n;
      }
      tar.closeArchiveEntry();
    }
  }

  /** Container path to tar entry name, refusing anything that could land outside it. */
  static String entryName(String containerPath) {
    if (!containerPath.startsWith("/") || containerPath.length() < 2) {
      throw new IllegalArgumentException("not an absolute container file path: " + containerPath);
    }
    for (String segment : containerPath.substring(1).split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("unsafe container path: " + containerPath);
      }
    }
    return containerPath.substring(1);
  }

  static int mode(Set<PosixFilePermission> perms) {
    int mode = 0;
    for (PosixFilePermission p : perms) {
      mode |= switch (p) {
        case OWNER_READ -> 0400;
        case OWNER_WRITE -> 0200;
        case OWNER_EXECUTE -> 0100;
        case GROUP_READ -> 040;
        case GROUP_WRITE -> 020;
        case GROUP_EXECUTE -> 010;
        case OTHERS_READ -> 04;
        case OTHERS_WRITE -> 02;
        case OTHERS_EXECUTE -> 01;
      };
    }
    return mode;
  }
}
