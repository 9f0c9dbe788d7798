package io.gavel.platform.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;

/**
 * Refuses declared bodies over 64 KiB before any resource parses them (identity documents
 * excepted). A body of moderate size
 * is read and discarded first: an HTTP/1.1 client that is still sending would otherwise never
 * read the 413 (both sides block on full buffers). Anything larger gets its connection closed.
 */
@Provider
@PreMatching
public class BodyLimitFilter implements ContainerRequestFilter {

  private static final int DRAIN_LIMIT = 1024 * 1024;

  /**
   * Identity documents are uploaded as raw files; their resource reads no more than the size the
   * user declared (at most {@code gavel.kyc.max-document-bytes}).
   */
  private static final Pattern DOCUMENT_UPLOAD = Pattern.compile("/?me/verification/[^/]+/documents/[^/]+/?");

  @Override
  public void filter(ContainerRequestContext context) {
    int length = context.getLength();
    if (length <= RequestJson.MAX_BYTES
        || ("PUT".equals(context.getMethod())
            && DOCUMENT_UPLOAD.matcher(context.getUriInfo().getPath()).matches())) {
      return;
    }
    Response tooLarge =
        Problem.response(413, "PAYLOAD_TOO_LARGE", "request bodies are limited to 64 KiB");
    if (length <= DRAIN_LIMIT && drained(context.getEntityStream(), DRAIN_LIMIT)) {
      context.abortWith(tooLarge);
    } else {
      context.abortWith(Response.fromResponse(tooLarge).header("Connection", "close").build());
    }
  }

  /**
   * Reads and discards the rest of a request body of at most {@code limit} bytes, so that a client
   * still sending it reads the answer; false when it was longer or broke off.
   */
  public static boolean drained(InputStream body, long limit) {
    byte[] buffer = new byte[8192];
    try {
      long total = 0;
      int n;
      while ((n = body.read(buffer)) >= 0) {
        total += n;
        if (total > limit) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
