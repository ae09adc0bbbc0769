package dev.recordmetric.cli;

import dev.recordmetric.fakes.LoopbackFake;
import dev.recordmetric.fakes.RecordedRequest;
import dev.recordmetric.fakes.Reply;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A wire-level fake of the Auto Scaling Query API's DescribeAutoScalingGroups: form-encoded POST,
 * XML answer, as the AWS SDK speaks it.
 */
final class FakeAutoScaling extends LoopbackFake {

    record Group(String name, int min, int max, int desired, List<String> instanceStates, List<String> enabledMetrics) {}

    private final Map<String, Group> groups = new ConcurrentHashMap<>();

    FakeAutoScaling add(Group group) {
        groups.put(group.name(), group);
        return this;
    }

    /** As Auto Scaling answers: with a request id. */
    @Override
    protected Reply handle(RecordedRequest request) {
        return answer(request.body()).withHeader("x-amzn-RequestId", UUID.randomUUID().toString());
    }

    private Reply answer(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        if (!"DescribeAutoScalingGroups".equals(form.get("Action"))) {
            return Reply.of(400, "text/xml", "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>unknown</Message></Error></ErrorResponse>");
        }
        StringBuilder members = new StringBuilder();
        for (int i = 1; form.containsKey("AutoScalingGroupNames.member." + i); i++) {
            Group group = groups.get(form.get("AutoScalingGroupNames.member." + i));
            if (group != null) {
                members.append(member(group));
            }
        }
        return Reply.of(200, "text/xml", """
            <DescribeAutoScalingGroupsResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/">
              <DescribeAutoScalingGroupsResult>
                <AutoScalingGroups>%s</AutoScalingGroups>
              </DescribeAutoScalingGroupsResult>
              <ResponseMetadata><RequestId>0f7f4f8e-1111-2222-3333-444455556666</RequestId></ResponseMetadata>
            </DescribeAutoScalingGroupsResponse>""".formatted(members));
    }

    private static String member(Group group) {
        StringBuilder instances = new StringBuilder();
        int n = 0;
        for (String state : group.instanceStates()) {
            instances.append("<member><InstanceId>i-0%015d</InstanceId><LifecycleState>%s</LifecycleState><HealthStatus>Healthy</HealthStatus>"
                    .formatted(++n, state)).append("<AvailabilityZone>eu-west-1a</AvailabilityZone><ProtectedFromScaleIn>false</ProtectedFromScaleIn></member>");
        }
        StringBuilder metrics = new StringBuilder();
        group.enabledMetrics().forEach(m -> metrics.append("<member><Metric>").append(m).append("</Metric><Granularity>1Minute</Granularity></member>"));
        return """
            <member>
              <AutoScalingGroupName>%s</AutoScalingGroupName>
              <AutoScalingGroupARN>arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/%s</AutoScalingGroupARN>
              <MinSize>%d</MinSize><MaxSize>%d</MaxSize><DesiredCapacity>%d</DesiredCapacity>
              <DefaultCooldown>300</DefaultCooldown>
              <AvailabilityZones><member>eu-west-1a</member></AvailabilityZones>
              <HealthCheckType>EC2</HealthCheckType>
              <CreatedTime>2026-01-05T10:00:00Z</CreatedTime>
              <Instances>%s</Instances>
              <EnabledMetrics>%s</EnabledMetrics>
            </member>""".formatted(group.name(), group.name(), group.min(), group.max(), group.desired(), instances, metrics);
    }
}
