package io.kumo.nats.jetstream;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.kumo.nats.jetstream.JetStreamDeclarations.Declared;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueStatus;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Applies declarations to one connection's JetStream: creates what the server does not have,
 * updates what it has with other values for the declared settings, and leaves the rest alone. It
 * never deletes anything. Streams come first, then key-value buckets, then consumers, which may
 * read either.
 */
public final class JetStreamDeclarer {

	private static final Log logger = LogFactory.getLog(JetStreamDeclarer.class);

	private static final int STREAM_NOT_FOUND = 10059;

	private static final int CONSUMER_NOT_FOUND = 10014;

	private final String connectionName;

	private final JetStreamManagement management;

	/**
	 * Creates a declarer for one connection.
	 * @param connectionName the connection's name, for messages
	 * @param management the connection's JetStream management
	 */
	public JetStreamDeclarer(String connectionName, JetStreamManagement management) {
		this.connectionName = connectionName;
		this.management = management;
	}

	/**
	 * Applies the declarations.
	 * @param declarations what to declare
	 * @return what was created, updated and left unchanged
	 * @throws NatsDeclarationException when the server refuses a declaration
	 * @throws IOException when the server cannot be asked
	 */
	public JetStreamDeclarationReport declare(JetStreamDeclarations declarations) throws IOException {
		Outcomes outcomes = new Outcomes();
		for (Declared<StreamConfiguration> stream : declarations.streams()) {
			declareStream(stream, outcomes);
		}
		if (!declarations.keyValues().isEmpty()) {
			KeyValueManagement keyValues = this.management.keyValueManagement();
			for (Declared<KeyValueConfiguration> bucket : declarations.keyValues()) {
				declareKeyValue(keyValues, bucket, outcomes);
			}
		}
		for (Declared<NatsConsumerDeclaration> consumer : declarations.consumers()) {
			declareConsumer(consumer, outcomes);
		}
		return outcomes.report();
	}

	private void declareStream(Declared<StreamConfiguration> declared, Outcomes outcomes) throws IOException {
		StreamConfiguration wanted = declared.configuration();
		JetStreamDeclarationKind kind = JetStreamDeclarationKind.STREAM;
		String label = kind.description() + " '" + wanted.getName() + "'";
		try {
			StreamInfo current = existing(() -> this.management.getStreamInfo(wanted.getName()), STREAM_NOT_FOUND);
			if (current == null) {
				this.management.addStream(wanted);
				outcomes.created(label);
				return;
			}
			List<String> changed = DeclaredSettings.differences(wanted.toJson(), current.getConfiguration().toJson(),
					DeclaredSettings.STREAM_UNSET_ALIKE);
			if (changed.isEmpty()) {
				outcomes.unchanged(label);
				return;
			}
			this.management.updateStream(wanted);
			outcomes.updated(label, changed);
		}
		catch (JetStreamApiException ex) {
			throw refused(kind, wanted.getName(), declared.source(), ex);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(kind, wanted.getName(), declared.source(), ex);
		}
	}

	private void declareKeyValue(KeyValueManagement keyValues, Declared<KeyValueConfiguration> declared,
			Outcomes outcomes) throws IOException {
		KeyValueConfiguration wanted = declared.configuration();
		JetStreamDeclarationKind kind = JetStreamDeclarationKind.KEY_VALUE;
		String label = kind.description() + " '" + wanted.getBucketName() + "'";
		try {
			KeyValueStatus current = existing(() -> keyValues.getStatus(wanted.getBucketName()), STREAM_NOT_FOUND);
			if (current == null) {
				keyValues.create(wanted);
				outcomes.created(label);
				return;
			}
			List<String> changed = DeclaredSettings.differences(wanted.getBackingConfig().toJson(),
					current.getConfiguration().getBackingConfig().toJson(), DeclaredSettings.STREAM_UNSET_ALIKE);
			if (changed.isEmpty()) {
				outcomes.unchanged(label);
				return;
			}
			keyValues.update(wanted);
			outcomes.updated(label, changed);
		}
		catch (JetStreamApiException ex) {
			throw refused(kind, wanted.getBucketName(), declared.source(), ex);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(kind, wanted.getBucketName(), declared.source(), ex);
		}
	}

	private void declareConsumer(Declared<NatsConsumerDeclaration> declared, Outcomes outcomes) throws IOException {
		NatsConsumerDeclaration wanted = declared.configuration();
		JetStreamDeclarationKind kind = JetStreamDeclarationKind.CONSUMER;
		String name = wanted.name();
		String label = kind.description() + " '" + name + "' of stream '" + wanted.stream() + "'";
		try {
			ConsumerInfo current = existing(() -> this.management.getConsumerInfo(wanted.stream(), wanted.name()),
					CONSUMER_NOT_FOUND, STREAM_NOT_FOUND);
			if (current == null) {
				this.management.createConsumer(wanted.stream(), wanted.configuration());
				outcomes.created(label);
				return;
			}
			List<String> changed = DeclaredSettings.differences(comparable(wanted.configuration()).toJson(),
					current.getConsumerConfiguration().toJson(), DeclaredSettings.CONSUMER_UNSET_ALIKE);
			if (changed.isEmpty()) {
				outcomes.unchanged(label);
				return;
			}
			this.management.updateConsumer(wanted.stream(), wanted.configuration());
			outcomes.updated(label, changed);
		}
		catch (JetStreamApiException ex) {
			throw refused(kind, name, declared.source(), ex);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(kind, name, declared.source(), ex);
		}
	}

	/**
	 * The consumer as the server will report it: with a backoff, the server takes the first delay
	 * as the ack wait, whatever was declared.
	 */
	private static ConsumerConfiguration comparable(ConsumerConfiguration declared) {
		List<Duration> backoff = declared.getBackoff();
		return (backoff.isEmpty()) ? declared : ConsumerConfiguration.builder(declared).ackWait(backoff.get(0)).build();
	}

	private static <T> @Nullable T existing(Lookup<T> lookup, int... notFoundCodes)
			throws IOException, JetStreamApiException {
		try {
			return lookup.get();
		}
		catch (JetStreamApiException ex) {
			for (int notFound : notFoundCodes) {
				if (ex.getApiErrorCode() == notFound) {
					return null;
				}
			}
			throw ex;
		}
	}

	private NatsDeclarationException refused(JetStreamDeclarationKind kind, String name, String source,
			JetStreamApiException ex) {
		String error = ex.getErrorDescription() + " (error " + ex.getApiErrorCode() + ")";
		return new NatsDeclarationException(this.connectionName, kind, name, source, RefusedSetting.of(kind, ex),
				error, ex);
	}

	private NatsDeclarationException invalid(JetStreamDeclarationKind kind, String name, String source,
			IllegalArgumentException ex) {
		return new NatsDeclarationException(this.connectionName, kind, name, source, null,
				String.valueOf(ex.getMessage()), ex);
	}

	@FunctionalInterface
	private interface Lookup<T> {

		T get() throws IOException, JetStreamApiException;

	}

	private final class Outcomes {

		private final List<String> created = new ArrayList<>();

		private final List<String> updated = new ArrayList<>();

		private final List<String> unchanged = new ArrayList<>();

		void created(String entry) {
			this.created.add(entry);
			logger.info("NATS connection '" + JetStreamDeclarer.this.connectionName + "' created " + entry);
		}

		void updated(String entry, List<String> changed) {
			this.updated.add(entry);
			logger.info("NATS connection '" + JetStreamDeclarer.this.connectionName + "' updated " + entry
					+ ", whose " + String.join(", ", changed) + " differed from the declaration");
		}

		void unchanged(String entry) {
			this.unchanged.add(entry);
			if (logger.isDebugEnabled()) {
				logger.debug("NATS connection '" + JetStreamDeclarer.this.connectionName + "' has " + entry
						+ " as declared");
			}
		}

		JetStreamDeclarationReport report() {
			return new JetStreamDeclarationReport(List.copyOf(this.created), List.copyOf(this.updated),
					List.copyOf(this.unchanged));
		}

	}

}
