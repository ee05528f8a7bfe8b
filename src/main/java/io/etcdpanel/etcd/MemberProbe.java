package io.etcdpanel.etcd;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.etcd.jetcd.api.AlarmRequest;
import io.etcd.jetcd.api.MaintenanceGrpc;
import io.etcd.jetcd.api.StatusRequest;
import io.etcd.jetcd.api.StatusResponse;
import org.springframework.stereotype.Component;

/** Asks members how they are: one time-bounded status call each, never throwing. */
@Component
public class MemberProbe {

    private final EtcdClients clients;
    private final EtcdProperties properties;

    MemberProbe(EtcdClients clients, EtcdProperties properties) {
        this.clients = clients;
        this.properties = properties;
    }

    /** Completes with the member's status, or with the reason it did not answer in time. */
    public CompletableFuture<MemberStatus> status(String endpoint) {
        CompletableFuture<StatusResponse> call;
        try {
            call = UnaryCall.of(stub(endpoint)::status, StatusRequest.getDefaultInstance());
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(MemberStatus.unreachable(endpoint, EtcdCalls.describe(e)));
        }
        return call.orTimeout(timeoutMillis(), TimeUnit.MILLISECONDS)
                .handle((response, failure) -> failure == null
                        ? toStatus(endpoint, response)
                        : MemberStatus.unreachable(endpoint, reason(failure)));
    }

    /** The alarms the cluster has raised, as seen through this member; empty if it cannot say. */
    public CompletableFuture<List<Alarm>> alarms(String endpoint) {
        AlarmRequest request = AlarmRequest.newBuilder().setAction(AlarmRequest.AlarmAction.GET).build();
        return UnaryCall.of(stub(endpoint)::alarm, request)
                .orTimeout(timeoutMillis(), TimeUnit.MILLISECONDS)
                .handle((response, failure) -> failure == null
                        ? response.getAlarmsList().stream()
                                .map(alarm -> new Alarm(MemberIds.hex(alarm.getMemberID()), alarm.getAlarm().name()))
                                .toList()
                        : List.<Alarm>of());
    }

    private MaintenanceGrpc.MaintenanceStub stub(String endpoint) {
        return MaintenanceGrpc.newStub(clients.channel(endpoint)).withDeadlineAfter(timeoutMillis(), TimeUnit.MILLISECONDS);
    }

    private long timeoutMillis() {
        return properties.callTimeout().toMillis();
    }

    private String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return "no answer within " + timeoutMillis() + " ms";
        }
        return EtcdCalls.describe(cause);
    }

    private static MemberStatus toStatus(String endpoint, StatusResponse response) {
        long id = response.getHeader().getMemberId();
        return new MemberStatus(endpoint, MemberIds.hex(id), MemberIds.hex(response.getLeader()), response.getVersion(),
                response.getDbSize(), response.getDbSizeInUse(), response.getRaftTerm(), response.getRaftIndex(),
                response.getRaftAppliedIndex(), response.getIsLearner(), List.copyOf(response.getErrorsList()), null);
    }
}
