package io.kumo.nats.jetstream;

import java.util.List;

/**
 * What applying declarations did, each entry as kind and name, such as {@code stream 'ORDERS'} or
 * {@code consumer 'billing' of stream 'ORDERS'}.
 *
 * @param created the declarations the server did not have
 * @param updated the declarations the server had with other settings
 * @param unchanged the declarations the server already had as declared
 */
public record JetStreamDeclarationReport(List<String> created, List<String> updated, List<String> unchanged) {

}
