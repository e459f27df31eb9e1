package dev.liveupdate.config;

import java.nio.file.Path;

/**
 * One {@code <image><layers><layer>}: the files below the local directory {@code from} become one
 * image layer below the container directory {@code to}.
 *
 * @param from absolute, normalised local directory inside the module
 * @param to   absolute, normalised POSIX container path without a trailing slash (except "/")
 */
public record ImageLayer(Path from, String to) {}
