package io.gavel.users.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gavel.platform.entity.Refusal;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentStoreTest {

  private static final byte[] PASSPORT = "%PDF-1.7 a scanned passport".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path root;

  private DocumentStore store() {
    return new DocumentStore(root.toString(), 1024);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InputStream body(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }

  private List<Path> filesUnderRoot() throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  private static void assertRefused(ThrowingCallable call, int status, String code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            Refusal.class,
            r -> {
              assertThat(r.status()).isEqualTo(status);
              assertThat(r.code()).isEqualTo(code);
            });
  }

  @Test
  void storesAMatchingUploadUnderTheVerificationAndDocumentNumber() throws IOException {
    String sha = sha256(PASSPORT);
    String key = store().store(42, 3, body(PASSPORT), PASSPORT.length, sha);
    assertThat(key).isEqualTo("42/3-" + sha);
    assertThat(Files.readAllBytes(root.resolve(key))).isEqualTo(PASSPORT);
    assertThat(filesUnderRoot()).containsExactly(root.resolve(key));
  }

  @Test
  void aWrongChecksumIsRefusedAndNothingIsKept() throws IOException {
    String wrong = sha256("something else".getBytes(StandardCharsets.US_ASCII));
    assertRefused(() -> store().store(42, 1, body(PASSPORT), PASSPORT.length, wrong), 422, "DOCUMENT_MISMATCH");
    assertThat(filesUnderRoot()).isEmpty();
  }

  @Test
  void anUpperCaseChecksumDoesNotMatch() throws IOException {
    String upper = sha256(PASSPORT).toUpperCase();
    assertRefused(() -> store().store(42, 1, body(PASSPORT), PASSPORT.length, upper), 422, "DOCUMENT_MISMATCH");
    assertThat(filesUnderRoot()).isEmpty();
  }

  @Test
  void aShorterUploadIsRefusedAndNothingIsKept() throws IOException {
    String sha = sha256(PASSPORT);
    assertRefused(() -> store().store(42, 1, body(PASSPORT), PASSPORT.length + 1, sha), 422, "DOCUMENT_MISMATCH");
    assertThat(filesUnderRoot()).isEmpty();
  }

  @Test
  void aLongerUploadIsRefusedAndNothingIsKept() throws IOException {
    String sha = sha256(PASSPORT);
    assertRefused(() -> store().store(42, 1, body(PASSPORT), PASSPORT.length - 1, sha), 422, "DOCUMENT_MISMATCH");
    assertThat(filesUnderRoot()).isEmpty();
  }

  @Test
  void aMuchLongerUploadIsRefusedBeforeItIsReadToTheEnd() throws IOException {
    byte[] big = new byte[1 << 20];
    String sha = sha256(big);
    assertRefused(() -> store().store(42, 1, body(big), 10, sha), 422, "DOCUMENT_MISMATCH");
    assertThat(filesUnderRoot()).isEmpty();
  }

  @Test
  void aFailingUploadStreamLeavesNothing() throws IOException {
    InputStream broken =
        new InputStream() {
          private int sent;

          @Override
          public int read() throws IOException {
            if (sent++ < 5) {
              return 'x';
            }
            throw new IOException("connection reset");
          }
        };
    assertThatThrownBy(() -> store().store(42, 1, broken, 100, sha256(new byte[100])))
        .isInstanceOf(UncheckedIOException.class);
    assertThat(filesUnderRoot()).isEmpty();
  }

  @Test
  void theSameContentMayBeStoredTwice() throws IOException {
    DocumentStore store = store();
    String sha = sha256(PASSPORT);
    String first = store.store(42, 1, body(PASSPORT), PASSPORT.length, sha);
    String second = store.store(42, 1, body(PASSPORT), PASSPORT.length, sha);
    assertThat(second).isEqualTo(first);
    assertThat(store.read(second, sha)).isEqualTo(PASSPORT);
    assertThat(filesUnderRoot()).containsExactly(root.resolve(first));
  }

  @Test
  void readsBackTheStoredBytes() {
    DocumentStore store = store();
    String sha = sha256(PASSPORT);
    String key = store.store(7, 2, body(PASSPORT), PASSPORT.length, sha);
    assertThat(store.read(key, sha)).isEqualTo(PASSPORT);
  }

  @Test
  void aFileAlteredOnDiskFailsTheIntegrityCheck() throws IOException {
    DocumentStore store = store();
    String sha = sha256(PASSPORT);
    String key = store.store(7, 2, body(PASSPORT), PASSPORT.length, sha);
    byte[] altered = PASSPORT.clone();
    altered[0] ^= 1;
    Files.write(root.resolve(key), altered);
    assertRefused(() -> store.read(key, sha), 409, "DOCUMENT_INTEGRITY_FAILED");
  }

  @Test
  void aMissingFileFailsTheIntegrityCheck() throws IOException {
    DocumentStore store = store();
    String sha = sha256(PASSPORT);
    String key = store.store(7, 2, body(PASSPORT), PASSPORT.length, sha);
    Files.delete(root.resolve(key));
    assertRefused(() -> store.read(key, sha), 409, "DOCUMENT_INTEGRITY_FAILED");
    assertRefused(() -> store.read("8/1-" + sha, sha), 409, "DOCUMENT_INTEGRITY_FAILED");
  }

  @Test
  void aKeyOutsideTheDocumentDirectoryIsRejected() throws IOException {
    Files.write(root.resolveSibling("x"), PASSPORT);
    try {
      assertThatThrownBy(() -> store().read("../x", sha256(PASSPORT))).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store().read("7/../../x", sha256(PASSPORT)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store().read(root.resolveSibling("x").toString(), sha256(PASSPORT)))
          .isInstanceOf(IllegalArgumentException.class);
    } finally {
      Files.deleteIfExists(root.resolveSibling("x"));
    }
  }

  @Test
  void aConfiguredDirectoryWithDotSegmentsStillReadsItsOwnDocuments() {
    DocumentStore store = new DocumentStore(root.toString() + "/./kyc", 1024);
    String sha = sha256(PASSPORT);
    String key = store.store(7, 2, body(PASSPORT), PASSPORT.length, sha);
    assertThat(store.read(key, sha)).isEqualTo(PASSPORT);
  }

  @Test
  void knowsTheLargestDocumentAccepted() {
    assertThat(store().maxBytes()).isEqualTo(1024);
  }
}
