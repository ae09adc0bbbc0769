// A loopback stand-in for the few read-only AWS calls a plan makes (the provider reads data
// sources while planning, and since 5.x asks Step Functions to validate a known definition):
// STS GetCallerIdentity, SSM GetParameter, Auto Scaling DescribeAutoScalingGroups (the groups of
// GROUPS only), EC2 DescribeVpcs, DescribeVpcAttribute,
// DescribeRouteTables and DescribeSubnets, SFN ValidateStateMachineDefinition (answered OK for a JSON document without
// an unfilled placeholder, FAIL otherwise: the real service checks far more). Every request is recorded; one it does not know is answered 400 and
// recorded too, so a test can say which call is missing.
import { createServer } from 'node:http';

export const ACCOUNT_ID = '123456789012';

const XML = 'text/xml';

/** The Auto Scaling groups that exist in the fake, by name: their enabled group metrics. */
export const GROUPS = {
  'metered-runners': ['GroupDesiredCapacity', 'GroupInServiceInstances'],
  'unmetered-runners': [],
};

function autoScalingGroups(params, region) {
  const asked = [...params.entries()].filter(([key]) => /^AutoScalingGroupNames\.member\.\d+$/.test(key)).map(([, name]) => name);
  const names = (asked.length > 0 ? asked : Object.keys(GROUPS)).filter((name) => name in GROUPS);
  const members = names.map((name) => `<member>
  <AutoScalingGroupName>${name}</AutoScalingGroupName>
  <AutoScalingGroupARN>arn:aws:autoscaling:${region}:${ACCOUNT_ID}:autoScalingGroup:00000000-0000-0000-0000-000000000001:autoScalingGroupName/${name}</AutoScalingGroupARN>
  <MinSize>1</MinSize><MaxSize>4</MaxSize><DesiredCapacity>1</DesiredCapacity><DefaultCooldown>300</DefaultCooldown>
  <AvailabilityZones><member>${region}a</member></AvailabilityZones>
  <HealthCheckType>EC2</HealthCheckType><HealthCheckGracePeriod>300</HealthCheckGracePeriod>
  <CreatedTime>2026-01-01T00:00:00Z</CreatedTime>
  <EnabledMetrics>${GROUPS[name].map((m) => `<member><Metric>${m}</Metric><Granularity>1Minute</Granularity></member>`).join('')}</EnabledMetrics>
  <Instances/><LoadBalancerNames/><TargetGroupARNs/><SuspendedProcesses/><Tags/>
  <TerminationPolicies><member>Default</member></TerminationPolicies>
</member>`).join('');
  return { names, xml: `<DescribeAutoScalingGroupsResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/">
  <DescribeAutoScalingGroupsResult><AutoScalingGroups>${members}</AutoScalingGroups></DescribeAutoScalingGroupsResult>
  <ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000001</RequestId></ResponseMetadata>
</DescribeAutoScalingGroupsResponse>` };
}
const AMZ_JSON = 'application/x-amz-json-1.1';

function stsIdentity() {
  return `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::${ACCOUNT_ID}:user/plan</Arn>
    <UserId>AIDAPLANPLANPLANPLAN</UserId>
    <Account>${ACCOUNT_ID}</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000001</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`;
}

function ec2(action, region) {
  const ns = 'xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"';
  if (action === 'DescribeVpcs') {
    return `<DescribeVpcsResponse ${ns}><requestId>1</requestId><vpcSet><item>
  <vpcId>vpc-0fa4e1e5c0ffee000</vpcId><ownerId>${ACCOUNT_ID}</ownerId><state>available</state>
  <cidrBlock>172.31.0.0/16</cidrBlock><dhcpOptionsId>dopt-0fa4e1e5c0ffee000</dhcpOptionsId>
  <instanceTenancy>default</instanceTenancy><isDefault>true</isDefault>
  <cidrBlockAssociationSet><item><cidrBlock>172.31.0.0/16</cidrBlock><associationId>vpc-cidr-assoc-1</associationId><cidrBlockState><state>associated</state></cidrBlockState></item></cidrBlockAssociationSet>
</item></vpcSet></DescribeVpcsResponse>`;
  }
  if (action === 'DescribeSubnets') {
    const subnet = (n, az) => `<item><subnetId>subnet-0fa4e1e5c0ffee00${n}</subnetId><vpcId>vpc-0fa4e1e5c0ffee000</vpcId>
  <ownerId>${ACCOUNT_ID}</ownerId><state>available</state><cidrBlock>172.31.${n * 16}.0/20</cidrBlock>
  <availabilityZone>${region}${az}</availabilityZone><availabilityZoneId>usw2-az${n}</availabilityZoneId>
  <availableIpAddressCount>4091</availableIpAddressCount><defaultForAz>true</defaultForAz><mapPublicIpOnLaunch>true</mapPublicIpOnLaunch>
  <subnetArn>arn:aws:ec2:${region}:${ACCOUNT_ID}:subnet/subnet-0fa4e1e5c0ffee00${n}</subnetArn></item>`;
    return `<DescribeSubnetsResponse ${ns}><requestId>1</requestId><subnetSet>${subnet(1, 'a')}${subnet(2, 'b')}</subnetSet></DescribeSubnetsResponse>`;
  }
  if (action === 'DescribeRouteTables') {
    return `<DescribeRouteTablesResponse ${ns}><requestId>1</requestId><routeTableSet><item>
  <routeTableId>rtb-0fa4e1e5c0ffee000</routeTableId><vpcId>vpc-0fa4e1e5c0ffee000</vpcId><ownerId>${ACCOUNT_ID}</ownerId>
  <routeSet><item><destinationCidrBlock>172.31.0.0/16</destinationCidrBlock><gatewayId>local</gatewayId><state>active</state><origin>CreateRouteTable</origin></item></routeSet>
  <associationSet><item><routeTableAssociationId>rtbassoc-0fa4e1e5c0ffee000</routeTableAssociationId><routeTableId>rtb-0fa4e1e5c0ffee000</routeTableId><main>true</main><associationState><state>associated</state></associationState></item></associationSet>
  <propagatingVgwSet/><tagSet/>
</item></routeTableSet></DescribeRouteTablesResponse>`;
  }
  return undefined;
}

function ec2VpcAttribute(params) {
  const attribute = params.get('Attribute');
  const ns = 'xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"';
  return `<DescribeVpcAttributeResponse ${ns}><requestId>1</requestId><vpcId>${params.get('VpcId')}</vpcId><${attribute}><value>true</value></${attribute}></DescribeVpcAttributeResponse>`;
}

/**
 * Starts the fake on 127.0.0.1, port 0. `region` shapes the answers.
 * @returns {Promise<{url: string, requests: {service: string, action: string}[], unknown: string[], close: () => Promise<void>}>}
 */
export async function startFakeAws({ region = 'us-west-2' } = {}) {
  const requests = [];
  const unknown = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const target = req.headers['x-amz-target'];
      const send = (status, type, text) => {
        res.writeHead(status, { 'content-type': type, 'x-amzn-requestid': '00000000-0000-0000-0000-000000000001' });
        res.end(text);
      };
      if (target === 'AWSStepFunctions.ValidateStateMachineDefinition') {
        const { definition } = JSON.parse(body || '{}');
        requests.push({ service: 'sfn', action: 'ValidateStateMachineDefinition', definition });
        let problem;
        try {
          JSON.parse(definition);
          if (definition.includes('${')) problem = 'an unfilled ${...} placeholder';
        } catch (e) {
          problem = `not JSON: ${e.message}`;
        }
        const diagnostics = problem ? [{ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: problem }] : [];
        return send(200, 'application/x-amz-json-1.0', JSON.stringify({ result: problem ? 'FAIL' : 'OK', diagnostics }));
      }
      if (target === 'AmazonSSM.GetParameter') {
        const { Name } = JSON.parse(body || '{}');
        requests.push({ service: 'ssm', action: 'GetParameter', name: Name });
        return send(200, AMZ_JSON, JSON.stringify({
          Parameter: { Name, Type: 'String', Value: 'ami-0fa4e1e5c0ffee000', Version: 1, DataType: 'aws:ec2:image', ARN: `arn:aws:ssm:${region}::parameter${Name}` },
        }));
      }
      const params = new URLSearchParams(body);
      const action = params.get('Action');
      if (action === 'GetCallerIdentity') {
        requests.push({ service: 'sts', action });
        return send(200, XML, stsIdentity());
      }
      if (action === 'DescribeAutoScalingGroups') {
        const { names, xml } = autoScalingGroups(params, region);
        const asked = [...params.entries()].filter(([key]) => key.startsWith('AutoScalingGroupNames.member.')).map(([, name]) => name);
        requests.push({ service: 'autoscaling', action, asked, found: names });
        return send(200, XML, xml);
      }
      if (action === 'DescribeVpcAttribute') {
        requests.push({ service: 'ec2', action });
        return send(200, XML, ec2VpcAttribute(params));
      }
      const answer = action ? ec2(action, region) : undefined;
      if (answer) {
        requests.push({ service: 'ec2', action });
        return send(200, XML, answer);
      }
      const what = target ?? action ?? `${req.method} ${req.url}`;
      unknown.push(what);
      send(400, XML, `<Response><Errors><Error><Code>UnsupportedOperation</Code><Message>the test's fake AWS does not answer ${what}</Message></Error></Errors><RequestID>1</RequestID></Response>`);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    unknown,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
