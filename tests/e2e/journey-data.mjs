// The referral of the keyboard journey (issue 14's scenario): a Year 10
// pupil with anxiety, 20 school days absent, a CAMHS letter and an EHCP,
// consent asked in the service (no paper form). Built from the complete
// fixture, so its files are the fixture's.
import { fixture } from './referral.mjs';

export function journeyReferral() {
  const r = fixture('complete');
  r.pupil.dateOfBirth = '2012-03-05';
  r.pupil.yearGroup = 10;
  r.absence.schoolDaysMissed = 20;
  r.absence.pattern = 'consecutive';
  r.absence.reducedTimetable = false;
  delete r.absence.reintegrationPlan;
  r.health.condition = 'Severe anxiety (fictional example).';
  r.health.kind = 'mental-health';
  r.health.likelyDuration = '8 weeks, as CAMHS says.';
  r.medicalEvidence = [{
    professionalName: 'Dr Sam Example', role: 'Clinical psychologist', service: 'CAMHS',
    tier: 'targeted', nhs: true, email: 'camhs@example-nhs.example', phone: '01438 000003',
    date: '2026-11-10', confirmsUnableToAttend: true, attachmentId: 'att-evidence',
  }];
  r.funding = {
    ehcp: { receives: true, statement: 'The EHCP funds a key worker for two hours a week.', planAttachmentId: 'att-funding' },
    localHighNeedsFunding: { receives: false },
    pupilPremiumGrant: { receives: false },
  };
  r.exams = {
    arrangements: 'Exams in a quiet room at school with a separate invigilator.',
    accessArrangements: 'Rest breaks and 25% extra time applied for.',
  };
  r.consent = {};
  r.attachments = r.attachments.filter((a) => !['att-consent', 'att-reintegration'].includes(a.id));
  return r;
}
