import { z } from 'zod';
import { defineEvent } from '../catalog';

/**
 * A user who already had known devices completed a sign-in from a browser none of them matches.
 * The device is only a coarse label ("Firefox on Linux"); neither the device cookie nor the IP
 * address is carried, so the event names no more than the email it leads to.
 */
export const UserSignInNewDeviceV1 = defineEvent({
  type: 'idaas.user.signin.new_device.v1',
  stream: 'user',
  description: 'A user completed a sign-in from a device not seen for them before (a new-device notice).',
  data: z.object({
    userId: z.string().min(1),
    /** Browser and operating system from the User-Agent, e.g. `Chrome on Windows`. */
    device: z.string().min(1).max(100),
    at: z.string().datetime({ offset: true }),
  }),
});
