/**
 * Runs inside jib-maven-plugin, not inside this plugin: {@link
 * dev.liveupdate.jibext.DevLayerExtension} is a Jib Maven plugin extension that
 * {@code mojo.JibDevImage} adds to the module's own {@code jib:build} when it builds the dev
 * image. Jib loads it from its own class realm, into which this plugin's jar is added alone
 * (no dependencies): classes here may use only the JDK, Jib's extension and build-plan API, and
 * the plain classes of {@code dev.liveupdate.jib}.
 */
package dev.liveupdate.jibext;
