/**
 * Real {@code nats-server} processes, clusters and TLS material on loopback so tests exercise the genuine wire protocol.
 */
package io.kumo.nats.test;
