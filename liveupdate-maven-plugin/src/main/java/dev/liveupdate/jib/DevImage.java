package dev.liveupdate.jib;

import java.time.Duration;

/**
 * The dev image, built and pushed.
 *
 * @param tagged   the tag pushed, {@code 127.0.0.1:5000/app:liveupdate-dev}: the user's
 *                 repository, never the user's own tag
 * @param digest   the manifest digest, {@code sha256:…}, as Jib wrote it
 * @param byDigest {@code 127.0.0.1:5000/app@sha256:…}: what a Deployment is rolled out to
 * @param took     the whole build and push
 */
public record DevImage(String tagged, String digest, String byDigest, Duration took) {}
