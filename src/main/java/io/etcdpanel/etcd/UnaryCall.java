package io.etcdpanel.etcd;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

import io.grpc.stub.StreamObserver;

/** Turns one unary gRPC call on a generated async stub into a CompletableFuture. */
final class UnaryCall<R> implements StreamObserver<R> {

    private final CompletableFuture<R> result = new CompletableFuture<>();
    private R value;

    private UnaryCall() {
    }

    static <Q, R> CompletableFuture<R> of(BiConsumer<Q, StreamObserver<R>> method, Q request) {
        UnaryCall<R> call = new UnaryCall<>();
        method.accept(request, call);
        return call.result;
    }

    @Override
    public void onNext(R next) {
        value = next;
    }

    @Override
    public void onError(Throwable failure) {
        result.completeExceptionally(failure);
    }

    @Override
    public void onCompleted() {
        result.complete(value);
    }
}
