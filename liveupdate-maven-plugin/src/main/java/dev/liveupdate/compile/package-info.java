/**
 * Compile on save in the running Maven JVM.
 *
 * <pre>{@code
 * CompilerSettings settings = ...;                 // mojo/CompilerSettingsReader
 * try (IncrementalCompiler compiler = IncrementalCompiler.open(settings)) {
 *   CompileResult start = compiler.compileStale();  // brings target/classes up to date
 *   ...
 *   CompileResult r = compiler.compile(changedJavaFiles, deletedJavaFiles);
 *   if (!r.success()) print(r.errorText());         // javac's format; target/classes untouched
 *   else sync(r.written(), r.deleted());            // r.changes(): before/after per class
 * }
 * ResourceCopier resources = new ResourceCopier(settings.resources(), settings.outputDirectory());
 * resources.copyAll();  resources.update(changed, deleted);  // filtered roots: reported only
 * }</pre>
 */
package dev.liveupdate.compile;
