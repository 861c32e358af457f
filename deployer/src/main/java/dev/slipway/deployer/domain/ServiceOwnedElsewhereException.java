package dev.slipway.deployer.domain;

/** The service name is taken in the datacenter by another repository: nothing was touched. */
public class ServiceOwnedElsewhereException extends RuntimeException {

  public ServiceOwnedElsewhereException(String service, String owner) {
    super("service " + service + " belongs to " + owner);
  }
}
