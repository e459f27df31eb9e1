package dev.liveupdate.javaloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.classfile.ClassFile;
import dev.liveupdate.compile.ClassChange;
import java.util.List;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClassLedgerTest {

  private static final Path FILE = Path.of("/work/m/target/classes/demo/Greeter.class");
  private static final ClassFile V1 = version(1);
  private static final ClassFile V2 = version(2);
  private static final ClassFile V3 = version(3);

  private final ClassLedger ledger = new ClassLedger(() -> true);

  @Test
  void compilesBeforeAPlanKeepTheVersionTheContainersHold() {
    ledger.record(List.of(new ClassChange(FILE, V1, V2)));
    ledger.record(List.of(new ClassChange(FILE, V2, V3)));

    assertEquals(new ClassChange(FILE, V1, V3), ledger.planned(FILE).orElseThrow());
    assertEquals(new ClassChange(FILE, V1, V3), ledger.planned(FILE).orElseThrow(),
        "every container's plan of the same batch sees the same change");
  }

  @Test
  void aCompileAfterAPlanStartsFromTheVersionPlanned() {
    ledger.record(List.of(new ClassChange(FILE, V1, V2)));
    ledger.planned(FILE);
    ledger.record(List.of(new ClassChange(FILE, V2, V3)));

    assertEquals(new ClassChange(FILE, V2, V3), ledger.planned(FILE).orElseThrow());
  }

  @Test
  void theStartsCompileIsTheVersionTheContainersHoldOnceSynced() {
    ledger.baseline(List.of(new ClassChange(FILE, null, V1)));
    ledger.record(List.of(new ClassChange(FILE, V1, V2)));

    assertEquals(new ClassChange(FILE, V1, V2), ledger.planned(FILE).orElseThrow(),
        "not 'class added': the start-up sync sent V1");
  }

  @Test
  void aNewImageForgetsEverythingAndDevToolsIsAsked() {
    ledger.record(List.of(new ClassChange(FILE, V1, V2)));
    ledger.imageBuilt();
    assertTrue(ledger.planned(FILE).isEmpty());
    assertTrue(ledger.devTools());
  }

  /** Distinct class files (the major version differs); the ledger does not look inside. */
  private static ClassFile version(int n) {
    return new ClassFile(60 + n, 0x21, "demo/Greeter", "java/lang/Object", List.of(), List.of(),
        List.of(), Map.of(), Set.of());
  }
}
