package dev.liveupdate.image;

import java.time.Duration;

/**
 * An image that was built and pushed.
 *
 * @param byDigest      the pushed image by digest, {@code 127.0.0.1:5000/api@sha256:…}: what a
 *                      Deployment is patched with, so every pod runs exactly this image
 * @param digest        the manifest digest, {@code sha256:…}
 * @param tagged        the tag pushed too, {@code 127.0.0.1:5000/api:liveupdate}
 * @param files         how many files the layers hold
 * @param layersScanned how long reading the layer directories took
 * @param took          the whole build, push included
 */
public record BuiltImage(
    String byDigest, String digest, String tagged, int files, Duration layersScanned, Duration took) {}
