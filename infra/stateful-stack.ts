/**
 * Everything that holds state or identity and must survive a redeploy of the code: the single
 * DynamoDB table, the Cognito user pool, the SES identity and the cursor signing key. Nothing here
 * is replaced when a function changes, and the data-bearing resources are retained on delete.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as ses from "aws-cdk-lib/aws-ses";
import type { Construct } from "constructs";
import { roles } from "../shared/platform/roles.ts";
import { tableIndexes, tableKeys } from "../shared/platform/store/table-definition.ts";
import type { DeploymentSettings } from "./settings.ts";

export type StatefulStackProps = StackProps & { settings: DeploymentSettings };

const groupDescriptions: Record<(typeof roles)[number], string> = {
  department: "Functional department: files requests and reports its own meetings",
  grassroots: "Grassroots unit: reports meetings and tasks it was summoned to",
  approver: "Approver: decides submitted requests",
  supervisor: "Supervisor: reads everything, starts sweeps, follows up violations",
  admin: "Administrator: manages units and users",
};

const stringKey = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

export class StatefulStack extends Stack {
  public readonly table: dynamodb.TableV2;
  public readonly userPool: cognito.UserPool;
  public readonly userPoolClient: cognito.UserPoolClient;
  public readonly emailIdentity: ses.EmailIdentity;
  public readonly configurationSet: ses.ConfigurationSet;
  /** The configuration set's ARN (the L2 construct does not expose one). */
  public readonly configurationSetArn: string;
  public readonly cursorSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { settings } = props;

    // Key schema and indexes come from the same definition the local runtime uses to create its
    // table, so the two can never drift apart.
    this.table = new dynamodb.TableV2(this, "Table", {
      partitionKey: stringKey(tableKeys.partitionKey),
      sortKey: stringKey(tableKeys.sortKey),
      timeToLiveAttribute: tableKeys.timeToLive,
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      globalSecondaryIndexes: tableIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      })),
    });

    this.userPool = new cognito.UserPool(this, "UserPool", {
      // Accounts are created by administrators for named officials; nobody signs themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      // TOTP only: no SMS role, no phone numbers to manage, no SIM-swap exposure.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      // Plus tier: threat protection (compromised credentials, risky sign-ins) enforced.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      // The unit a user belongs to; the functions scope every record to it. Only administrators
      // set it (the API client below cannot write it).
      customAttributes: {
        unit: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const role of roles) {
      this.userPool.addGroup(`Group-${role}`, { groupName: role, description: groupDescriptions[role] });
    }

    this.userPoolClient = this.userPool.addClient("ApiClient", {
      // A browser application: no client secret, SRP sign-in, no hosted-UI OAuth flows.
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(7),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes("unit"),
      // Users may not move themselves to another unit: custom:unit is not writable by this client.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    this.configurationSet = new ses.ConfigurationSet(this, "ConfigurationSet", {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });
    this.configurationSetArn = this.formatArn({
      service: "ses",
      resource: "configuration-set",
      resourceName: this.configurationSet.configurationSetName,
    });

    const isAddress = settings.sesIdentity.includes("@");
    this.emailIdentity = new ses.EmailIdentity(this, "EmailIdentity", {
      identity: isAddress
        ? ses.Identity.email(settings.sesIdentity)
        : ses.Identity.domain(settings.sesIdentity),
      // Default configuration set: every message sent through this identity gets its reputation
      // metrics and suppression handling without the sender having to name the set.
      configurationSet: this.configurationSet,
    });
    if (!isAddress) {
      this.emailIdentity.dkimRecords.forEach((record, index) => {
        new CfnOutput(this, `DkimRecord${index + 1}`, {
          description: `CNAME to publish so SES can verify ${settings.sesIdentity}`,
          value: `${record.name} CNAME ${record.value}`,
        });
      });
    }

    this.cursorSecret = new secretsmanager.Secret(this, "CursorSecret", {
      description: "HMAC key that signs list cursors so a client cannot forge one",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });

    Validations.of(this.cursorSecret).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "The cursor key is not a credential for another service: it only signs pagination cursors. Rotating it " +
        "would invalidate every cursor a client holds and would not reach the functions anyway, which receive " +
        "the value at deploy time; rotate it by replacing the secret and redeploying.",
    });
  }
}
