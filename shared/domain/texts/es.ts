import { emergencyCallsFor } from './emergency-calls';
import type { NextOpening } from './next-opening';

// Spanish (formal "usted"): the same exports as en.ts. The texts are correct Spanish worded to stay within GSM-7
// (é ñ ¿ ¡ are GSM; á í ó ú are not and would make a text UCS-2, at twice the segments), so they cost what the English
// ones do; only a day name with an accent (sábado) makes a closed text-back UCS-2. Spoken lines are accented freely.
// The opt-out words are those keywords.ts recognises (PARAR is what the texts name).

export const optOutLine = 'Escriba PARAR para darse de baja.';

export const textBack = (businessName: string) =>
  `Sentimos no haber atendido su llamada a ${businessName}. Responda con lo que necesita y le contestaremos pronto. ${optOutLine}`;

export const textBackClosed = (businessName: string, opens: string | undefined) =>
  `Sentimos no haber atendido su llamada a ${businessName}. Ahora estamos cerrados${opens ? ` y abrimos ${opens}` : ''}. Responda con lo que necesita y le contestaremos. ${optOutLine}`;

export const ownWordsTextBack = (words: string) => `${words} ${optOutLine}`;

export const customerAcknowledgement = (businessName: string) =>
  `Gracias por su mensaje a ${businessName}. Lo hemos pasado al equipo y le contestaremos pronto. ${optOutLine}`;

export const customerHelp = (businessName: string) =>
  `Este es el servicio de mensajes de ${businessName}. Cuéntenos lo que necesita y se lo pasaremos. ${optOutLine}`;

export const optedOut = (businessName: string) =>
  `Se ha dado de baja de los mensajes de ${businessName}. Escriba START para volver a recibirlos.`;

const DAY_NAMES = ['domingo', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado'];

/** "hoy a las 08:00", "mañana a las 08:00", "el lunes a las 08:00" (one o'clock: "a la 01:00"). */
export const opensAt = ({ daysAhead, day, time }: NextOpening) => {
  const at = `${time.startsWith('01:') ? 'a la' : 'a las'} ${time}`;
  return daysAhead === 0 ? `hoy ${at}` : daysAhead === 1 ? `mañana ${at}` : `el ${DAY_NAMES[day]} ${at}`;
};

export const thanksForCalling = (businessName: string) =>
  businessName ? `Gracias por llamar a ${businessName}.` : 'Gracias por llamar.';
export const thanksForCallingUs = 'Gracias por llamarnos.';
export const cannotTakeCall = 'Lo sentimos, ahora no podemos atender su llamada.';
export const textComing = 'En un momento le enviaremos un mensaje de texto.';
export const nobodyCouldAnswer = (businessName: string) =>
  businessName
    ? `Lo sentimos, nadie en ${businessName} ha podido atender su llamada.`
    : 'Lo sentimos, nadie ha podido atender su llamada.';
export const closedNow = (opens: string | undefined) => `Ahora estamos cerrados${opens ? ` y abrimos ${opens}` : ''}.`;
export const voicemailPrompt =
  'Por favor, deje un mensaje después del tono. También le enviaremos un mensaje de texto.';
export const goodbye = 'Gracias. Adiós.';
export const mailboxFull =
  'Lo sentimos, este buzón está lleno por hoy, así que su mensaje no llegará al negocio. Adiós.';

/** La respuesta de seguridad a una emergencia (sin á í ó ú: GSM-7, como el resto). */
export const emergencySafetyReply = (businessName: string, business: string, hazard: string) => {
  const calls = emergencyCallsFor(business);
  const gas = calls?.gas.es ?? 'a su servicio de urgencias del gas';
  const danger = calls?.danger ?? 'al servicio de emergencias';
  const call = calls ? `al ${danger}` : danger;
  const advice =
    hazard === 'gas'
      ? `Si huele a gas: no toque interruptores ni encienda llamas, abra las ventanas, cierre el gas en el contador si es seguro, salgan todos y llame ${gas}${calls?.gasIsDanger ? '' : ` (${danger} si hay heridos)`}.`
      : hazard === 'co'
        ? `El CO de una caldera o estufa puede matar: salgan todos al aire libre ya, dejen las ventanas abiertas y llame ${call} si alguien se encuentra mal.`
        : hazard === 'cold'
          ? `Mantengan a todos abrigados; si alguien se encuentra mal, llame ${call}.`
          : `Si alguien corre peligro, llame ya ${call}. No se acerque al agua cerca de enchufes o cables; corte el agua o la luz en la llave general si es seguro.`;
  return `${advice} ${businessName} ya sabe que es urgente. ${optOutLine}`;
};

/** La petición de reseña tras DONE (GSM-7: sin á í ó ú). */
export const reviewRequest = (businessName: string, link: string) =>
  `¡Gracias por elegir a ${businessName}! Le agradeceremos una breve reseña: ${link} ${optOutLine}`;
