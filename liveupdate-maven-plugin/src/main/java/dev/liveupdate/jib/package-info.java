/**
 * What a module's {@code jib-maven-plugin} configuration means for live update, in plain Java:
 * {@link dev.liveupdate.jib.JibSettings} (the configuration as Jib reads it),
 * {@link dev.liveupdate.jib.JibLayout} (the sync rules Jib's exploded layout implies, or why there
 * are none), {@link dev.liveupdate.jib.ImageTargets} (which running workload runs Jib's image),
 * {@link dev.liveupdate.jib.DevEntrypoint} (how the dev image wraps Jib's entrypoint) and
 * {@link dev.liveupdate.jib.DevImageBuilder} (the port the engine builds the dev image through).
 * Nothing here imports Maven: {@code mojo.JibSettingsReader} fills {@code JibSettings} from a
 * {@code MavenProject}, {@code mojo.JibDevImage} builds the image with the module's own Jib.
 */
package dev.liveupdate.jib;
