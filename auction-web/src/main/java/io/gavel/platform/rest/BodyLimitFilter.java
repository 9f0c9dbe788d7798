package io.gavel.platform.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/** Refuses declared bodies over 64 KiB before anything reads them. */
@Provider
@PreMatching
public class BodyLimitFilter implements ContainerRequestFilter {

  @Override
  public void filter(ContainerRequestContext context) {
    if (context.getLength() > RequestJson.MAX_BYTES) {
      context.abortWith(
          Problem.response(413, "PAYLOAD_TOO_LARGE", "request bodies are limited to 64 KiB"));
    }
  }
}
