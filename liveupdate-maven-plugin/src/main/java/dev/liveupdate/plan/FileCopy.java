package dev.liveupdate.plan;

import java.nio.file.Path;

/**
 * One local file (or symlink) to be copied to an absolute path in the container.
 *
 * @param local         absolute local path inside {@code syncSource}
 * @param syncSource    the {@code <sync><from>} directory the file belongs to; a symlink is only
 *                      copied when it points inside it
 * @param containerPath absolute POSIX path inside the sync destination
 */
public record FileCopy(Path local, Path syncSource, String containerPath) {}
