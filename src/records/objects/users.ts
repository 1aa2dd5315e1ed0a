/** Users, permission sets and their assignments (SPEC.md section 6). */
import { defineObject } from '../object.js';
import { email, flag, reference, text } from '../fields.js';

export const user = defineObject({
  name: 'User',
  label: 'User',
  keyPrefix: '005',
  table: 'app_user',
  fields: {
    username: text('Username', 80, { required: true }),
    first_name: text('FirstName', 40),
    last_name: text('LastName', 80, { required: true }),
    email: email('Email'),
    contact_id: reference('ContactId', 'Contact', { createOnly: true }),
    is_active: flag('IsActive', { defaultValue: true }),
    password_hash: text('PasswordHash', 255, { internal: true }),
  },
  indexes: [{ columns: ['username'], unique: true }],
});

export const permissionSet = defineObject({
  name: 'PermissionSet',
  label: 'Permission Set',
  keyPrefix: '0PS',
  table: 'permission_set',
  fields: {
    name: text('Name', 80, { required: true }),
    label: text('Label', 80, { required: true }),
    permissions_modify_all_data: flag('PermissionsModifyAllData'),
    permissions_b2b_commerce_integrator: flag('PermissionsB2BCommerceIntegrator'),
    permissions_b2b_buyer: flag('PermissionsB2BBuyer'),
    permissions_b2b_buyer_manager: flag('PermissionsB2BBuyerManager'),
    permissions_b2b_super_user: flag('PermissionsB2BSuperUser'),
  },
  indexes: [{ columns: ['name'], unique: true }],
});

export const permissionSetAssignment = defineObject({
  name: 'PermissionSetAssignment',
  label: 'Permission Set Assignment',
  keyPrefix: '0Pa',
  table: 'permission_set_assignment',
  fields: {
    assignee_id: reference('AssigneeId', 'User', { required: true, createOnly: true }),
    permission_set_id: reference('PermissionSetId', 'PermissionSet', { required: true, createOnly: true }),
  },
  indexes: [{ columns: ['assignee_id', 'permission_set_id'], unique: true }],
});
