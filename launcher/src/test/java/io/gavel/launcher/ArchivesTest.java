package io.gavel.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchivesTest {

  @TempDir Path dir;

  @Test
  void unpacksWithoutTheTopFolderOnceAndRestoresScriptPermissions() throws IOException {
    Path zip = dir.resolve("dist.zip");
    try (OutputStream file = Files.newOutputStream(zip);
        ZipOutputStream out = new ZipOutputStream(file)) {
      for (String name : new String[] {"kc-1/bin/kc.sh", "kc-1/bin/kc.bat", "kc-1/bin/artemis", "kc-1/lib/a.jar"}) {
        out.putNextEntry(new ZipEntry(name));
        out.write(name.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    Path target = dir.resolve("dist");

    assertThat(Archives.unpackOnce(zip, target)).isTrue();
    assertThat(target.resolve("bin/kc.sh")).isExecutable();
    assertThat(target.resolve("bin/artemis")).isExecutable();
    assertThat(target.resolve("bin/kc.bat").toFile().canExecute()).isFalse();
    assertThat(target.resolve("lib/a.jar")).hasContent("kc-1/lib/a.jar");

    Files.writeString(target.resolve("data.txt"), "kept");
    assertThat(Archives.unpackOnce(zip, target)).isFalse();
    assertThat(target.resolve("data.txt")).hasContent("kept");
  }

  @Test
  void stripsOnlyTheFirstPathElement() {
    assertThat(Archives.withoutTopFolder("apache-artemis-2.40.0/bin/artemis")).contains(Path.of("bin/artemis"));
    assertThat(Archives.withoutTopFolder("apache-artemis-2.40.0/")).isEmpty();
    assertThat(Archives.withoutTopFolder("README")).isEmpty();
  }
}
