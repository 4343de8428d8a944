package io.kumo.nats.messaging.listener;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;

import io.kumo.nats.messaging.converter.NatsMessageConversionException;
import io.kumo.nats.messaging.converter.NatsMessageConverter;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsJetStreamMetaData;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;

/**
 * Calls one listener method: how each parameter is filled is decided once, when the listener is
 * created, so a delivery only runs the chosen resolvers.
 */
final class NatsListenerMethodInvoker {

	private static final byte[] EMPTY = new byte[0];

	private final Object bean;

	private final Method method;

	private final ArgumentResolver[] resolvers;

	private final int acknowledgmentIndex;

	private NatsListenerMethodInvoker(Object bean, Method method, ArgumentResolver[] resolvers,
			int acknowledgmentIndex) {
		this.bean = bean;
		this.method = method;
		this.resolvers = resolvers;
		this.acknowledgmentIndex = acknowledgmentIndex;
	}

	/**
	 * Prepares the call of a listener method.
	 * @param endpoint the listener
	 * @param converter the converter of payload parameters
	 * @return the invoker
	 * @throws IllegalStateException when a parameter cannot be filled from a message
	 */
	static NatsListenerMethodInvoker of(NatsListenerEndpoint endpoint, NatsMessageConverter converter) {
		Method method = endpoint.method();
		Parameter[] parameters = method.getParameters();
		ArgumentResolver[] resolvers = new ArgumentResolver[parameters.length];
		Parameter payload = null;
		int acknowledgmentIndex = -1;
		for (int i = 0; i < parameters.length; i++) {
			Parameter parameter = parameters[i];
			if (parameter.getType() == NatsAcknowledgment.class) {
				jetStreamOnly(endpoint, parameter);
				acknowledgmentIndex = i;
				resolvers[i] = (message) -> null;
				continue;
			}
			ArgumentResolver resolver = nonPayload(endpoint, parameter);
			if (resolver == null) {
				if (payload != null) {
					throw invalid(endpoint, "has two payload parameters, '" + payload.getName() + "' and '"
							+ parameter.getName() + "'; annotate headers with @NatsHeader and the subject with "
							+ "@NatsSubject");
				}
				payload = parameter;
				resolver = payload(parameter.getParameterizedType(), converter);
			}
			resolvers[i] = resolver;
		}
		ReflectionUtils.makeAccessible(method);
		return new NatsListenerMethodInvoker(endpoint.bean(), method, resolvers, acknowledgmentIndex);
	}

	/**
	 * Returns whether the method acknowledges its messages itself.
	 * @return {@code true} when it takes a {@link NatsAcknowledgment}
	 */
	boolean takesAcknowledgment() {
		return this.acknowledgmentIndex >= 0;
	}

	/**
	 * Calls the method with the arguments taken from a message.
	 * @param message the delivered message
	 * @return what the method returned, {@code null} for a {@code void} method
	 * @throws NatsMessageConversionException when the message cannot fill a parameter
	 * @throws Throwable what the method threw
	 */
	@Nullable Object invoke(Message message) throws Throwable {
		return invoke(message, null);
	}

	/**
	 * Calls the method with the arguments taken from a JetStream message and its acknowledgement.
	 * @param message the delivered message
	 * @param acknowledgment the acknowledgement of the message, if the method may take it
	 * @return what the method returned, {@code null} for a {@code void} method
	 * @throws NatsMessageConversionException when the message cannot fill a parameter
	 * @throws Throwable what the method threw
	 */
	@Nullable Object invoke(Message message, @Nullable NatsAcknowledgment acknowledgment) throws Throwable {
		Object[] arguments = new Object[this.resolvers.length];
		for (int i = 0; i < arguments.length; i++) {
			arguments[i] = this.resolvers[i].resolve(message);
		}
		if (this.acknowledgmentIndex >= 0) {
			arguments[this.acknowledgmentIndex] = acknowledgment;
		}
		try {
			return this.method.invoke(this.bean, arguments);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

	private static @Nullable ArgumentResolver nonPayload(NatsListenerEndpoint endpoint, Parameter parameter) {
		NatsHeader header = parameter.getAnnotation(NatsHeader.class);
		if (header != null) {
			return header(endpoint, parameter, header);
		}
		if (parameter.isAnnotationPresent(NatsSubject.class)) {
			if (parameter.getType() != String.class) {
				throw invalid(endpoint, "takes the subject as " + parameter.getType().getName()
						+ "; a @NatsSubject parameter must be a String");
			}
			return Message::getSubject;
		}
		if (parameter.getType() == Message.class) {
			return (message) -> message;
		}
		if (parameter.getType() == NatsJetStreamMetaData.class) {
			jetStreamOnly(endpoint, parameter);
			return Message::metaData;
		}
		if (parameter.getType() == Headers.class) {
			return (message) -> message.hasHeaders() ? message.getHeaders() : new Headers();
		}
		return null;
	}

	private static ArgumentResolver header(NatsListenerEndpoint endpoint, Parameter parameter, NatsHeader header) {
		String name = header.value();
		boolean list = isStringList(parameter.getParameterizedType());
		if (!list && parameter.getType() != String.class) {
			throw invalid(endpoint, "takes header '" + name + "' as " + parameter.getParameterizedType().getTypeName()
					+ "; a @NatsHeader parameter must be a String or a List<String>");
		}
		boolean required = header.required();
		return (message) -> {
			Headers headers = message.getHeaders();
			List<String> values = (headers != null) ? headers.get(name) : null;
			if (values == null || values.isEmpty()) {
				if (required) {
					throw new NatsMessageConversionException("The message on subject '" + message.getSubject()
							+ "' has no header '" + name + "', which the listener requires", null);
				}
				return null;
			}
			return list ? values : values.get(0);
		};
	}

	private static boolean isStringList(Type type) {
		return type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class
				&& parameterized.getActualTypeArguments()[0] == String.class;
	}

	private static ArgumentResolver payload(Type type, NatsMessageConverter converter) {
		if (type == byte[].class) {
			return (message) -> {
				byte[] data = message.getData();
				return (data != null) ? data : EMPTY;
			};
		}
		return (message) -> converter.fromMessage(message, type);
	}

	private static void jetStreamOnly(NatsListenerEndpoint endpoint, Parameter parameter) {
		if (endpoint.jetStream() == null) {
			throw invalid(endpoint, "takes " + parameter.getType().getSimpleName() + " '" + parameter.getName()
					+ "', which only a JetStream listener, one with a stream, can take");
		}
		if (endpoint.jetStream().ordered() && parameter.getType() == NatsAcknowledgment.class) {
			throw invalid(endpoint, "takes a NatsAcknowledgment, but the messages of an ordered consumer are "
					+ "never acknowledged");
		}
	}

	private static IllegalStateException invalid(NatsListenerEndpoint endpoint, String problem) {
		return new IllegalStateException("@NatsListener method " + endpoint.method().getDeclaringClass().getName()
				+ "." + endpoint.method().getName() + " (listener '" + endpoint.id() + "') " + problem);
	}

	/**
	 * Fills one parameter from a message.
	 */
	@FunctionalInterface
	private interface ArgumentResolver {

		@Nullable Object resolve(Message message);

	}

}
