package dev.slipway.gateway.domain;

/** A delivery whose body is neither JSON nor a form with a {@code payload} field. */
public class UnsupportedContentTypeException extends Exception {

  public UnsupportedContentTypeException(String contentType) {
    super("unsupported content type " + contentType + "; expected application/json");
  }
}
