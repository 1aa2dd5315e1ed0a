/**
 * The one organization an installation is (SPEC.md section 5): Salesforce clients read it to
 * learn what kind of org they talk to (`sf org display`, `sf data query`). One row, written by
 * migration 0006, read-only through the API, readable by every signed-in user.
 */
import { defineObject } from '../object.js';
import { dateTime, flag, text } from '../fields.js';

/** Our organization's id: the prefix of every access token and the identity URL's first part. */
export const organizationId = '00D000000000001EAA';

export const organization = defineObject({
  name: 'Organization',
  label: 'Organization',
  keyPrefix: '00D',
  table: 'organization',
  fields: {
    name: text('Name', 80, { required: true }),
    organization_type: text('OrganizationType', 40),
    instance_name: text('InstanceName', 5),
    is_sandbox: flag('IsSandbox'),
    namespace_prefix: text('NamespacePrefix', 15),
    trial_expiration_date: dateTime('TrialExpirationDate'),
    language_locale_key: text('LanguageLocaleKey', 40),
    default_locale_sid_key: text('DefaultLocaleSidKey', 40),
    time_zone_sid_key: text('TimeZoneSidKey', 40),
  },
  isReadOnly: true,
});
