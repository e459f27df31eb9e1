package dev.liveupdate.supervisor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * An update stream as the plugin writes it: the removal list ({@link UpdateFraming}), then a tar
 * written by commons-compress the way the plugin's TarStreamer sets it up (10 KiB records, UTF-8,
 * LONGFILE_POSIX, BIGNUMBER_POSIX). Entry names are container paths without their leading slash.
 */
final class UpdateStream {

  private final List<String> removals = new ArrayList<>();
  private final ByteArrayOutputStream tarBytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar;

  UpdateStream() {
    this(TarArchiveOutputStream.LONGFILE_POSIX);
  }

  UpdateStream(int longFileMode) {
    tar = new TarArchiveOutputStream(tarBytes, 10240, "UTF-8");
    tar.setLongFileMode(longFileMode);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
  }

  UpdateStream remove(String path) {
    removals.add(path);
    return this;
  }

  UpdateStream file(String path, String content, int mode) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return file(path, bytes, mode);
  }

  UpdateStream file(String path, byte[] bytes, int mode) throws IOException {
    return file(path, bytes, mode, 1_700_000_000_000L);
  }

  UpdateStream file(String path, byte[] bytes, int mode, long mtimeMillis) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(path.substring(1));
    entry.setSize(bytes.length);
    entry.setMode(0100000 | mode);
    entry.setModTime(FileTime.fromMillis(mtimeMillis));
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
    return this;
  }

  UpdateStream entry(String path, byte type, String linkName) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(path.substring(1), type);
    if (linkName != null) {
      entry.setLinkName(linkName);
    }
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
    return this;
  }

  UpdateStream symlink(String path, String target) throws IOException {
    return entry(path, TarConstants.LF_SYMLINK, target);
  }

  UpdateStream directory(String path, int mode) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(path.substring(1) + "/", TarConstants.LF_DIR);
    entry.setMode(040000 | mode);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
    return this;
  }

  byte[] bytes() throws IOException {
    tar.finish();
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    UpdateFraming.writeRemovals(removals, all);
    tarBytes.writeTo(all);
    return all.toByteArray();
  }

  Path write(Path dir) throws IOException {
    return Files.write(Files.createTempFile(dir, "update", ".bin"), bytes());
  }
}
