import type { ComponentType } from 'preact';
import type { Profile } from '../../db/profile';
import { learner } from './learner';
import { activeProfile } from './active-profile';
import { ProfilePicker } from './ProfilePicker';
import { SetPinForm } from './SetPinForm';

/**
 * Shows a learner's screen only to the unlocked official; otherwise the PIN setup (right after
 * sign-in) or the profile picker. Every screen with personal data goes through it.
 * @example <Route path="/" component={withLearner(HomeScreen)} />
 */
export function withLearner<P extends object>(Screen: ComponentType<P & { learner: Profile }>): ComponentType<P> {
  return function LearnerScreen(props: P) {
    const current = learner.value;
    if (current) return <Screen {...props} learner={current} />;
    const active = activeProfile.value;
    if (active && !active.pin) return <SetPinForm profile={active} />;
    return <ProfilePicker />;
  };
}
